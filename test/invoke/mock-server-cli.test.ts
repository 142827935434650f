// `model-plugin mock-server`: runs the mock alone until Ctrl-C, and says why it cannot listen.
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { runCli, startCli } from './run-cli.js';

describe('model-plugin mock-server', () => {
  it('prints its URL and the credentials to use, serves requests, logs them without headers, stops on SIGINT', async () => {
    const run = startCli(['mock-server']);
    let stdout = '';
    run.child.stdout!.on('data', (d) => (stdout += d));
    await expect.poll(() => /listening on (http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(stdout), { timeout: 30_000 }).toBeTruthy();
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(stdout)![1];
    expect(stdout).toContain(`"endpoint_url": "${url}"`);
    const res = await fetch(`${url}/embeddings`, {
      method: 'POST',
      headers: { Authorization: 'Bearer sk-not-to-be-logged' },
      body: JSON.stringify({ model: 'e', input: 'hi' }),
    });
    expect(res.status).toBe(200);
    run.child.kill('SIGINT');
    const r = await run.done;
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/POST 127\.0\.0\.1:\d+\/v1\/embeddings → 200 \[openai\]/);
    expect(r.stdout + r.stderr).not.toContain('sk-not-to-be-logged');
  });

  it('with --dialect and --models serves that dialect only, knows only those models, and logs unserved requests', async () => {
    const run = startCli(['mock-server', '--dialect', 'ollama', '--models', 'llama3']);
    let stdout = '';
    run.child.stdout!.on('data', (d) => (stdout += d));
    await expect.poll(() => /listening on (http:\/\/127\.0\.0\.1:\d+)\/v1/.exec(stdout), { timeout: 30_000 }).toBeTruthy();
    const origin = /listening on (http:\/\/127\.0\.0\.1:\d+)\/v1/.exec(stdout)![1];
    expect(stdout).toMatch(/serves: ollama \(Ollama native API\)/);
    const ok = await fetch(`${origin}/api/chat`, { method: 'POST', body: JSON.stringify({ model: 'llama3', stream: false, messages: [{ role: 'user', content: 'hi' }] }) });
    expect((await ok.json()).message.content).toContain('hi');
    const unknown = await fetch(`${origin}/api/chat`, { method: 'POST', body: JSON.stringify({ model: 'mistral', messages: [] }) });
    expect(unknown.status).toBe(404);
    const other = await fetch(`${origin}/v1/chat/completions`, { method: 'POST', body: '{}' });
    expect(other.status).toBe(404);
    run.child.kill('SIGINT');
    const r = await run.done;
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/POST 127\.0\.0\.1:\d+\/api\/chat → 200 \[ollama\]/);
    expect(r.stderr).toMatch(/POST 127\.0\.0\.1:\d+\/v1\/chat\/completions → 404 \[UNSERVED\]/);
  });

  it('exits 2 when the port is taken or invalid', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = await runCli(['mock-server', '--port', String(port)]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`port ${port} on 127\\.0\\.0\\.1 is in use`));
    } finally {
      blocker.close();
    }
    const bad = await runCli(['mock-server', '--port', 'http']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--port http: give a port number/);
    const dialect = await runCli(['mock-server', '--dialect', 'klingon']);
    expect(dialect.code).toBe(2);
    expect(dialect.stderr).toMatch(/--dialect klingon: not a dialect of the mock; use one of anthropic, gemini/);
    const fault = await runCli(['mock-server', '--fault', 'boom']);
    expect(fault.code).toBe(2);
    expect(fault.stderr).toMatch(/--fault boom: use one of auth, rate-limit/);
  });
});
