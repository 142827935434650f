// `validate --fix` and `--fix-dry-run`. --fix applies the certain fixes, re-validates and repeats
// while fixes keep applying (at most MAX_PASSES, as ESLint), writing each pass atomically; the
// result printed is that of the fixed files. --fix-dry-run computes one pass and prints it as a
// unified diff, writing nothing.
import { chmodSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ValidationResult } from '../diagnostic.js';
import { countBySeverity } from '../diagnostic.js';
import { planFixes, type FileFix } from './apply.js';

const MAX_PASSES = 10;

export interface FixOutcome {
  result: ValidationResult;
  /** Lines saying what changed (or would change). */
  report: string[];
  /** For --fix-dry-run: the unified diff of every change. */
  diff: string;
}

export async function fixPlugins(
  validate: () => Promise<ValidationResult>,
  opts: { dryRun: boolean; cwdRelative: (root: string, file: string) => string },
): Promise<FixOutcome> {
  let result = await validate();
  const report: string[] = [];
  if (opts.dryRun) {
    const plans = result.plugins.map((p) => ({ root: p.root, files: planFixes(p.root, p.diagnostics) }));
    // require, not import(): see scripts/bundle.mjs.
    const { createTwoFilesPatch } = createRequire(import.meta.url)('diff') as typeof import('diff');
    let diff = '';
    for (const { root, files } of plans) {
      for (const f of files) {
        const shown = opts.cwdRelative(root, f.file);
        diff += createTwoFilesPatch(`a/${shown}`, `b/${shown}`, f.before, f.after, undefined, undefined, { context: 3 }).replace(/^=+\n/, '');
        for (const a of f.applied) report.push(`would fix  ${shown}:${a.line}  ${a.ruleId}  ${a.description}`);
      }
    }
    // What stays: the findings no fix of this pass removes.
    const fixed = new Set(plans.flatMap((p) => p.files.flatMap((f) => f.applied.map((a) => `${p.root}\0${f.file}\0${a.line}\0${a.ruleId}`))));
    const plugins = result.plugins.map((p) => ({ ...p, diagnostics: p.diagnostics.filter((d) => !(d.fix && fixed.has(`${p.root}\0${d.fix.file}\0${d.line}\0${d.ruleId}`))) }));
    return { result: { plugins, ...countBySeverity(plugins) }, report, diff };
  }

  const { commitFiles } = await import('../../create/write.js');
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const plans: { root: string; files: FileFix[] }[] = result.plugins.map((p) => ({ root: p.root, files: planFixes(p.root, p.diagnostics) }));
    const files = plans.flatMap((p) => p.files);
    if (files.length === 0) break;
    await commitFiles(files.map((f) => ({ path: f.abs, content: f.after })));
    for (const f of files) chmodSync(f.abs, f.mode);
    for (const { root, files: list } of plans) {
      for (const f of list) for (const a of f.applied) report.push(`fixed  ${opts.cwdRelative(root, f.file)}:${a.line}  ${a.ruleId}  ${a.description}`);
    }
    result = await validate();
  }
  return { result, report, diff: '' };
}
