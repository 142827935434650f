// Issue 12: a seeded, bounded fuzz run of `model-plugin validate` through the real CLI. Mutated
// official plugins (copied, never modified), special files, pathological globs and YAML; for each
// case: exit 0 or 1, one valid JSON object, no stack trace, under 2 s of CPU and 300 MB of peak RSS,
// both measured inside the CLI process (process.resourceUsage, not wall time; a CPU overrun alone is
// measured again up to twice, since a busy machine inflates CPU time too). The per-case hang
// guard (60 s) and the test timeout only turn a hang into a failure. Larger runs with other seeds:
// `node scripts/fuzz.mjs --seed N --cases 10000`. FUZZ_CASES changes the count here.
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain ESM module without type declarations
import { CORPUS, corpusPlugins, runFuzz } from '../scripts/fuzz-lib.mjs';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

function yamlCount(name: string): number {
  return (readdirSync(join(CORPUS as string, name), { recursive: true }) as string[]).filter((f) => /\.ya?ml$/.test(f)).length;
}

const SEED = 20261126;
const CASES = Number(process.env.FUZZ_CASES ?? 200);

interface CaseResult {
  index: number;
  description: string;
  problems: string[];
}

describe('fuzz: validate on mutated corpus plugins', () => {
  it(`${CASES} seeded cases: exit 0/1, valid JSON, no stack trace, within CPU and RSS budgets`, async () => {
    // The largest official plugins (aihubmix has 258 model files) take about 1 s of CPU before any
    // mutation; the suite fuzzes the others so that the 2 s budget measures the mutation, on a busy
    // machine too. scripts/fuzz.mjs fuzzes all of them.
    const plugins = (corpusPlugins() as string[]).filter((name) => yamlCount(name) <= 40);
    expect(plugins.length).toBeGreaterThan(10);
    const results = (await runFuzz({ seed: SEED, cases: CASES, jobs: 2, plugins })) as CaseResult[];
    expect(results).toHaveLength(CASES);
    const failures = results.filter((r) => r.problems.length > 0).map((r) => `case ${r.index} (${r.description}): ${r.problems.join(' | ')}`);
    expect(failures).toEqual([]);
  }, 3_600_000);
});
