// The hermetic proxy of invoke --mock (issue 7 §3), driven by the real HTTP clients plugins use
// (requests, httpx) in the SDK's venv: HTTPS to a public host is decrypted with the run's CA and
// answered by the mock, with the original target in x-mock-upstream; the proxy connects nowhere
// but the mock; the CA file is private and removed at close.
import { execFile } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { removeTemps, tempDir } from './run-cli.js';
import { describe, expect, it } from 'vitest';
import { startHermeticProxy, REMOVED_ENV, type ProxiedRequest } from '../../src/invoke/hermetic/proxy.js';
import { testPythons } from '../helpers/python.js';
import { corpusVenv } from '../helpers/corpus-venv.js';

const { python } = testPythons()[0];

function runPython(code: string, env: Record<string, string>): Promise<string> {
  const base = { ...process.env, ...env };
  for (const name of REMOVED_ENV) delete base[name];
  return new Promise((resolve, reject) =>
    execFile(python, ['-c', code], { env: base, timeout: 120_000, encoding: 'utf8' }, (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout))),
  );
}

/** A stand-in for the mock: answers every request with what it saw (404 under /v2/). */
async function recordingUpstream() {
  const seen: { method?: string; url?: string; upstream?: string | string[]; host?: string }[] = [];
  const server = createServer((req, res) => {
    seen.push({ method: req.method, url: req.url, upstream: req.headers['x-mock-upstream'], host: req.headers.host });
    req.resume();
    req.on('end', () => {
      const status = req.url?.startsWith('/v2/') ? 404 : 200;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ answered_by: 'mock', path: req.url, ...(status === 404 ? { error: { message: `no dialect serves ${req.method} ${req.url}` } } : {}) }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, seen, port: (server.address() as { port: number }).port };
}

describe('hermetic proxy', () => {
  it('sends HTTPS and HTTP requests for any host to the mock, with x-mock-upstream, through requests and httpx', async () => {
    const up = await recordingUpstream();
    const proxy = await startHermeticProxy(up.port);
    try {
      const dir = dirname(proxy.caFile);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      const code = [
        'import json, requests, httpx',
        'out = []',
        'r = requests.post("https://api.openai.com/v1/chat/completions", json={"model": "gpt-4o-mini"}, timeout=30)',
        'out.append([r.status_code, r.json()])',
        'r = httpx.post("https://api.anthropic.com:8443/v1/messages?key=secret", json={"model": "claude"}, timeout=30)',
        'out.append([r.status_code, r.json()])',
        'r = requests.get("http://plain.example.org/v1/models", timeout=30)',
        'out.append([r.status_code, r.json()])',
        'r = requests.post("https://api.example.com/v2/foo", json={}, timeout=30)',
        'out.append([r.status_code, r.json()])',
        'print(json.dumps(out))',
      ].join('\n');
      const out = JSON.parse(await runPython(code, proxy.env));
      expect(out.map((x: [number, { answered_by: string }]) => [x[0], x[1].answered_by])).toEqual([
        [200, 'mock'],
        [200, 'mock'],
        [200, 'mock'],
        [404, 'mock'],
      ]);
      expect(up.seen.map((s) => [s.method, s.upstream, s.url])).toEqual([
        ['POST', 'https://api.openai.com', '/v1/chat/completions'],
        ['POST', 'https://api.anthropic.com:8443', '/v1/messages?key=secret'],
        ['GET', 'http://plain.example.org', '/v1/models'],
        ['POST', 'https://api.example.com', '/v2/foo'],
      ]);
      const log = proxy.requests.map((r: ProxiedRequest) => ({ method: r.method, url: r.url, status: r.status, model: r.model, unserved: r.unserved }));
      expect(log).toEqual([
        { method: 'POST', url: 'https://api.openai.com/v1/chat/completions', status: 200, model: 'gpt-4o-mini', unserved: false },
        { method: 'POST', url: 'https://api.anthropic.com:8443/v1/messages?…', status: 200, model: 'claude', unserved: false },
        { method: 'GET', url: 'http://plain.example.org/v1/models', status: 200, model: undefined, unserved: false },
        { method: 'POST', url: 'https://api.example.com/v2/foo', status: 404, model: undefined, unserved: true },
      ]);
    } finally {
      await proxy.close();
      up.server.close();
    }
    expect(existsSync(proxy.caFile)).toBe(false);
    expect(existsSync(dirname(proxy.caFile))).toBe(false);
  });

  it('refuses to resolve a host name for a client that ignores the proxy variables, and keeps an existing sitecustomize', async () => {
    const up = await recordingUpstream();
    const before = process.env.PYTHONPATH;
    const theirs = tempDir();
    writeFileSync(join(theirs, 'sitecustomize.py'), 'import builtins\nbuiltins.THEIRS_RAN = True\n');
    process.env.PYTHONPATH = theirs;
    const proxy = await startHermeticProxy(up.port);
    try {
      const code = [
        'import builtins, socket, requests',
        's = requests.Session(); s.trust_env = False',
        'try:',
        '    s.get("https://api.example.com/v1/models", timeout=30); print("LEAKED")',
        'except requests.exceptions.ConnectionError as e:',
        '    print("refused" if "refused to resolve api.example.com" in str(e) else "other: %s" % e)',
        'print(len(socket.getaddrinfo("localhost", 80)) > 0, len(socket.getaddrinfo("127.0.0.1", 80)) > 0, getattr(builtins, "THEIRS_RAN", False))',
      ].join('\n');
      expect((await runPython(code, proxy.env)).trim().split('\n')).toEqual(['refused', 'True True True']);
      expect(up.seen).toEqual([]);
    } finally {
      if (before === undefined) delete process.env.PYTHONPATH;
      else process.env.PYTHONPATH = before;
      await proxy.close();
      up.server.close();
      removeTemps();
    }
  });

  it("trusts the run's CA for clients that pass certifi's bundle explicitly (verify=certifi.where(), the Tencent Cloud SDK)", async () => {
    const up = await recordingUpstream();
    const proxy = await startHermeticProxy(up.port);
    try {
      const code = [
        'import certifi, requests',
        'from certifi import where',
        'r = requests.post("https://hunyuan.tencentcloudapi.com/", json={}, verify=where(), timeout=30)',
        'print(r.status_code, r.json()["answered_by"], certifi.where() == where())',
      ].join('\n');
      expect((await runPython(code, proxy.env)).trim()).toBe('200 mock True');
      expect(up.seen.map((s) => s.upstream)).toEqual(['https://hunyuan.tencentcloudapi.com']);
    } finally {
      await proxy.close();
      up.server.close();
    }
  });

  it('gives the run\'s proxy to httpx transports made without one (Replicate passes transport=httpx.HTTPTransport()), and a private Hugging Face cache', async () => {
    const up = await recordingUpstream();
    const proxy = await startHermeticProxy(up.port);
    try {
      const code = [
        'import os, httpx',
        'c = httpx.Client(transport=httpx.HTTPTransport())',
        'r = c.get("https://api.replicate.com/v1/models/a/b", timeout=30)',
        'print(r.status_code, r.json()["answered_by"], os.environ["HF_HOME"].startswith(os.path.dirname(os.environ["SSL_CERT_FILE"])))',
      ].join('\n');
      expect((await runPython(code, proxy.env)).trim()).toBe('200 mock True');
      expect(up.seen.map((s) => s.upstream)).toEqual(['https://api.replicate.com']);
    } finally {
      await proxy.close();
      up.server.close();
    }
  });

  it('gives aiohttp sessions made without trust_env the run\'s proxy (the venv of gitee_ai\'s dashscope has aiohttp)', async () => {
    const up = await recordingUpstream();
    const proxy = await startHermeticProxy(up.port);
    try {
      const code = [
        'import asyncio, aiohttp',
        'async def main():',
        '    async with aiohttp.ClientSession() as s:',
        '        async with s.get("https://api.example.com/v1/models") as r:',
        '            print(r.status, (await r.json())["answered_by"])',
        'asyncio.run(main())',
      ].join('\n');
      const python = corpusVenv('gitee-ai', ['pydub==0.25.1', 'dashscope==1.25.18']);
      const out = await new Promise<string>((resolve, reject) => {
        const env: Record<string, string | undefined> = { ...process.env, ...proxy.env };
        for (const name of REMOVED_ENV) delete env[name];
        execFile(python, ['-c', code], { env, timeout: 120_000, encoding: 'utf8' }, (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)));
      });
      expect(out.trim()).toBe('200 mock');
      expect(up.seen.map((s) => s.upstream)).toEqual(['https://api.example.com']);
    } finally {
      await proxy.close();
      up.server.close();
    }
  }, 900_000);

  it('sets the proxy and CA variables the Python HTTP stacks read', async () => {
    const up = await recordingUpstream();
    const proxy = await startHermeticProxy(up.port);
    try {
      for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'all_proxy']) expect(proxy.env[name]).toBe(proxy.url);
      for (const name of ['SSL_CERT_FILE', 'REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE', 'AWS_CA_BUNDLE']) expect(proxy.env[name]).toBe(proxy.caFile);
      expect(REMOVED_ENV).toEqual(expect.arrayContaining(['NO_PROXY', 'no_proxy']));
    } finally {
      await proxy.close();
      up.server.close();
    }
  });
});
