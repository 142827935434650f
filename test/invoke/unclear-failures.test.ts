// Issue 12 §10: failures that named no cause. A `str` where a result object belongs names the
// method and the type; rerank scores outside 0..1 fail; a chunk received before a crash counts.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkRerank } from '../../src/invoke/smoke/checks.js';
import { CheckFailure } from '../../src/invoke/smoke/result.js';
import { describeSessionError } from '../../src/invoke/smoke/errors.js';
import { PluginFailure, PluginProcess } from '../../src/invoke/runtime/process.js';
import type { PluginInfo } from '../../src/invoke/plugin-info.js';

const info = { providerFile: 'provider/p.yaml' } as PluginInfo;

describe('rerank scores', () => {
  it.each([-0.3, 1.7])('a score of %d fails: Dify expects 0..1', (score) => {
    const streams = [{ model: 'r', docs: [{ index: 0, text: 'a', score }] }];
    expect(() => checkRerank(streams, 1)).toThrow(CheckFailure);
    expect(() => checkRerank(streams, 1)).toThrow(/outside 0\.\.1/);
  });

  it('scores in 0..1 pass', () => {
    expect(checkRerank([{ model: 'r', docs: [{ index: 0, text: 'a', score: 0.9 }, { index: 1, text: 'b', score: 0 }] }], 2)).toBe('#0 0.90, #1 0.00');
  });
});

describe('a str returned where the SDK expects a result object', () => {
  it('names the method and the type returned, not the SDK version', () => {
    // What dify_plugin 0.10.2 sends when a rerank _invoke returns "oops" (observed).
    const message =
      "1 validation error for SessionMessage\ndata\n  Input should be a valid dictionary [type=dict_type, input_value='oops', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.14/v/dict_type";
    const text = describeSessionError({ error_type: 'ValidationError', message }, info, 'rerank');
    expect(text).toMatch(/rerank model class's _invoke returned a str, where the SDK expects a RerankResult/);
    expect(text).not.toMatch(/SDK version/);
  });
});

describe('a chunk before a crash', () => {
  it('is counted in the failure', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mp-partial-'));
    writeFileSync(
      join(root, 'standin.py'),
      `import json, sys
sys.stdout.write('{"event":"heartbeat","session_id":null,"data":{}}\\n\\n'); sys.stdout.flush()
req = json.loads(sys.stdin.readline())
chunk = {"event": "session", "session_id": req["session_id"], "data": {"type": "stream", "data": {"delta": {"message": {"content": "Hi"}}}}}
sys.stdout.write(json.dumps(chunk) + "\\n\\n"); sys.stdout.flush()
sys.exit(4)
`,
    );
    const p = PluginProcess.spawn({ python: process.env.PYTHON ?? 'python3', entrypoint: 'standin', root, env: { ...process.env }, startupTimeoutMs: 30_000 });
    await p.ready;
    const err = await p.request({ type: 'model' }, { timeoutMs: 30_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PluginFailure);
    expect((err as PluginFailure).message).toMatch(/exited with status 4/);
    expect((err as PluginFailure).partial).toEqual({ chunks: 1, firstChunkMs: expect.any(Number) });
    await p.stop();
  }, 60_000);
});
