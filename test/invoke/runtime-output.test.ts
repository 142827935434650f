// Issue 12 §6-§8 (and issue 11 §4) at the runtime level, with a stand-in plugin: a tiny Python
// module run the way PluginProcess runs a plugin (`python -m <entrypoint>` in the root). It speaks
// just enough of the protocol (a heartbeat) and misbehaves on purpose.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { PluginFailure, PluginProcess } from '../../src/invoke/runtime/process.js';
import { LineSplitter } from '../../src/invoke/runtime/lines.js';
import { Redactor, MASK } from '../../src/invoke/credentials/redact.js';
import { promptFor } from '../../src/invoke/credentials/prompt.js';

const PYTHON = process.env.PYTHON ?? 'python3';

function standIn(code: string): string {
  const root = mkdtempSync(join(tmpdir(), 'mp-standin-'));
  writeFileSync(join(root, 'standin.py'), `import sys, time, os\n${code}\n`);
  return root;
}

function launch(root: string, onOutput?: (source: string, text: string) => void, startupTimeoutMs = 20_000) {
  return PluginProcess.spawn({ python: PYTHON, entrypoint: 'standin', root, env: { ...process.env }, startupTimeoutMs, onOutput });
}

const HEARTBEAT = `sys.stdout.write('{"event":"heartbeat","session_id":null,"data":{}}\\n\\n'); sys.stdout.flush()`;

describe('stdout without newlines (issue 12 §6)', () => {
  it("is the plugin's fault, named with its first bytes, and the process is stopped", async () => {
    const root = standIn(`
chunk = 'no newline here ' * 4096
for _ in range(200):  # 12.5 MiB, never a newline
    sys.stdout.write(chunk)
sys.stdout.flush()
time.sleep(60)
`);
    const p = launch(root);
    const err = await p.ready.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PluginFailure);
    expect((err as PluginFailure).kind).toBe('bad-output');
    expect((err as PluginFailure).message).toMatch(/more than 5 MiB on stdout without a newline.*"no newline here no newline here/);
    await p.stop();
  }, 60_000);

  it('stray lines are named when the run then fails', async () => {
    const root = standIn(`
print("hello from print()")
sys.stdout.flush()
${HEARTBEAT}
time.sleep(0.2)
sys.exit(3)
`);
    const p = launch(root);
    await p.ready;
    const err = await p.request({}, { timeoutMs: 20_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PluginFailure);
    expect((err as PluginFailure).message).toMatch(/1 line on stdout that is not protocol messages.*"hello from print\(\)"/);
  }, 60_000);
});

describe('the line splitter', () => {
  it('joins lines across chunks and caps a line', () => {
    const lines: string[] = [];
    const over: string[] = [];
    const s = new LineSplitter((l) => lines.push(l), (b) => over.push(b.toString()), 10);
    s.push(Buffer.from('ab'));
    s.push(Buffer.from('c\nde'));
    s.push(Buffer.from('f\n0123456789AB'));
    s.push(Buffer.from('CD\nok'));
    s.end();
    expect(lines).toEqual(['abc', 'def', 'ok']);
    expect(over).toEqual(['0123456789AB']);
  });
});

describe('--verbose stderr (issue 12 §8)', () => {
  it('a secret that crosses a 64 KiB chunk boundary arrives in one line, so it is masked whole', async () => {
    const secret = 'sk-SECRET-abcdefghijklmnop';
    const root = standIn(`
pad = 'x' * (65536 - 10)
sys.stderr.write(pad + ${JSON.stringify(secret.slice(0, 13))})
sys.stderr.flush()
time.sleep(0.3)
sys.stderr.write(${JSON.stringify(secret.slice(13))} + ' tail\\n')
sys.stderr.flush()
${HEARTBEAT}
time.sleep(60)
`);
    const seen: string[] = [];
    const p = launch(root, (source, text) => {
      if (source === 'stderr') seen.push(text);
    });
    await p.ready;
    await new Promise((r) => setTimeout(r, 200));
    await p.stop();
    const redactor = new Redactor();
    redactor.add(secret);
    const printed = seen.map((l) => redactor.redact(l));
    expect(printed.join('\n')).not.toMatch(/sk-SECRET|abcdefghijklmnop/);
    expect(printed.some((l) => l.endsWith(`${MASK} tail`))).toBe(true);
  }, 60_000);
});

describe('secrets in JSON (issue 12 §7)', () => {
  it.each(['pa"ss\\word-123', 'line\nbreak-secret', 'tab\tsecret\u0001x'])('%j is masked in serialised JSON too', (secret) => {
    const r = new Redactor();
    r.add(secret);
    const json = JSON.stringify({ error: { message: `bad key ${secret}` }, list: [secret] }, null, 2);
    const out = r.redact(json);
    expect(out).not.toContain(JSON.stringify(secret).slice(1, -1));
    expect(JSON.parse(out)).toEqual({ error: { message: `bad key ${MASK}` }, list: [MASK] });
  });
});

describe('the secret prompt (issue 11 §4)', () => {
  it('echoes nothing that tells the length of the secret', async () => {
    const input = new PassThrough() as PassThrough & { isTTY?: boolean; setRawMode?: () => void };
    input.isTTY = true;
    input.setRawMode = () => {};
    let shown = '';
    const output = new Writable({
      write(chunk, _enc, done) {
        shown += chunk.toString();
        done();
      },
    });
    const field = { variable: 'api_key', label: 'API Key', type: 'secret-input' as const, required: true, default: undefined, options: [], showOn: [] };
    const answer = promptFor(field, 'the provider', { input, output });
    while (!shown.includes('API Key')) await new Promise((r) => setTimeout(r, 20)); // the prompt is up
    for (const ch of 'sk-0123456789') input.write(ch);
    input.write('\r');
    await expect(answer).resolves.toBe('sk-0123456789');
    expect(shown).not.toContain('sk-0123456789');
    expect(shown).not.toMatch(/\*{3,}/);
  }, 30_000);
});
