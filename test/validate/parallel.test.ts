// Many plugins are validated on all cores (main thread + worker threads sharing one counter). The
// result must be exactly what one thread gives, in the order the plugins were found.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { materializeCorpus } from '../helpers/corpus.js';
import { validatePlugin } from '../../src/validate/pipeline.js';

const BIN = resolve(import.meta.dirname, '../../bin/model-plugin.js');

describe('parallel validation', () => {
  it('gives the one-thread result, in discovery order', () => {
    const names = ['aihubmix', 'cohere', 'jina', 'minimax', 'openai', 'perfxcloud', 'voyage', 'zhipuai'];
    const dir = materializeCorpus(names);
    const r = spawnSync(process.execPath, [BIN, 'validate', dir, '--format', 'json', '--verbose'], { encoding: 'utf8' });
    const out = JSON.parse(r.stdout) as { plugins: { root: string; name: string; diagnostics: unknown[] }[] };
    expect(out.plugins.map((p) => p.root)).toEqual(names.map((n) => resolve(dir, n)));
    for (const p of out.plugins) {
      const single = validatePlugin(p.root).result;
      // The JSON form shows a fix as `fixable: true`.
      const asJson = single.diagnostics.map(({ fix, ...d }) => (fix ? { ...d, fixable: true } : d));
      expect(p.diagnostics).toEqual(JSON.parse(JSON.stringify(asJson)));
      expect(p.name).toBe(single.name);
    }
  });
});
