// invoke starts the plugin's Python before the rest of the command loads (early-launch.ts): only
// from certain facts (the manifest's plain entrypoint line, an existing interpreter, a cached CA
// under --mock), and the proxy it starts with forwards to the mock once the mock runs.
import { writeFileSync, mkdirSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { earlyLaunch, manifestEntrypoint } from '../../src/invoke/early-launch.js';
import { createRunCa } from '../../src/invoke/hermetic/ca.js';
import { startMockServer } from '../../src/invoke/mock-server/server.js';
import { testPythons } from '../helpers/python.js';
import { processGone, removeTemps, scaffold, tempDir } from './run-cli.js';

let plugin: string;
const python = testPythons()[0]!.python;
beforeAll(async () => {
  plugin = await scaffold('openai-compatible', ['llm']);
});
afterAll(removeTemps);

describe('manifestEntrypoint', () => {
  const write = (text: string) => {
    const f = join(tempDir(), 'manifest.yaml');
    writeFileSync(f, text);
    return f;
  };
  it('reads a plain entrypoint line, quoted or with a comment', () => {
    expect(manifestEntrypoint(write('meta:\n  runner:\n    language: python\n    entrypoint: main\n'))).toBe('main');
    expect(manifestEntrypoint(write('meta:\n  runner:\n    entrypoint: "app.main"  # the module\n'))).toBe('app.main');
  });
  it('gives up on anything unusual: flow style, two lines, not a module name, no file', () => {
    expect(manifestEntrypoint(write('meta: {runner: {entrypoint: main}}\n'))).toBeUndefined();
    expect(manifestEntrypoint(write('meta:\n  runner:\n    entrypoint: main\nother:\n  entrypoint: x\n'))).toBeUndefined();
    expect(manifestEntrypoint(write('meta:\n  runner:\n    entrypoint: main.py; rm\n'))).toBeUndefined();
    expect(manifestEntrypoint(join(tempDir(), 'missing.yaml'))).toBeUndefined();
  });
});

describe('earlyLaunch', () => {
  it('starts the plugin, which becomes ready, and dispose() leaves no process', async () => {
    const early = (await earlyLaunch({ dir: plugin, python }))!;
    expect(early).toBeDefined();
    expect(early.entrypoint).toBe('main');
    await early.proc.ready;
    const pid = early.proc.pid!;
    await early.dispose();
    expect(processGone(pid)).toBe(true);
  });

  it('does not start without an interpreter, with a relative --python, or with a bad --startup-timeout', async () => {
    expect(await earlyLaunch({ dir: plugin })).toBeUndefined(); // the scaffold has no .venv
    expect(await earlyLaunch({ dir: plugin, python: 'python3' })).toBeUndefined();
    expect(await earlyLaunch({ dir: plugin, python, startupTimeout: 'soon' })).toBeUndefined();
  });

  it('under --mock: only with a cached CA; its proxy holds requests until the mock has a port', async () => {
    const cache = tempDir();
    const saved = process.env.MODEL_PLUGIN_CACHE_DIR;
    process.env.MODEL_PLUGIN_CACHE_DIR = cache;
    try {
      expect(await earlyLaunch({ dir: plugin, python, mock: true })).toBeUndefined();
      mkdirSync(join(cache, 'hermetic-ca'), { recursive: true, mode: 0o700 });
      await createRunCa(); // fills the cache
      const early = (await earlyLaunch({ dir: plugin, python, mock: true }))!;
      try {
        expect(early.proxy).toBeDefined();
        const port = Number(new URL(early.proxy!.url).port);
        const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
          const req = request({ host: '127.0.0.1', port, path: 'http://api.openai.com/v1/models', headers: { Authorization: 'Bearer sk-test' } }, (res) => {
            let body = '';
            res.on('data', (d) => (body += d));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          });
          req.on('error', reject);
          req.end();
        });
        const mock = await startMockServer({});
        try {
          early.setMockPort(mock.port);
          const r = await answer;
          expect(r.status).toBe(200);
          expect(JSON.parse(r.body).object).toBe('list');
        } finally {
          await mock.close();
        }
      } finally {
        await early.dispose();
      }
    } finally {
      if (saved === undefined) delete process.env.MODEL_PLUGIN_CACHE_DIR;
      else process.env.MODEL_PLUGIN_CACHE_DIR = saved;
    }
  });
});
