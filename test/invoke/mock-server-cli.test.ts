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
    expect(r.stderr).toMatch(/POST \/v1\/embeddings → 200/);
    expect(r.stdout + r.stderr).not.toContain('sk-not-to-be-logged');
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
  });
});
