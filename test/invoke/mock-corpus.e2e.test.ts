// Dialects against the official plugins that use them (../shared/corpus), with the real SDK: the
// plugins whose dependencies the test virtualenv already has (dify_plugin, requests, httpx, yarl).
// Plugins whose credential fields --mock does not fill yet are pointed at a mock started here.
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { testPythons } from '../helpers/python.js';
import { materializePlugin } from '../helpers/corpus.js';
import { removeTemps, runCli, tempDir } from './run-cli.js';
import { startMockServer, type MockServer, type RequestLogEntry } from '../../src/invoke/mock-server/server.js';

const python = testPythons()[0].python; // newest Python: the corpus needs dify_plugin >= 0.9
afterAll(removeTemps);

let mock: MockServer | undefined;
const log: RequestLogEntry[] = [];
afterEach(async () => {
  await mock?.close();
  mock = undefined;
  log.length = 0;
});

function corpusPlugin(name: string): string {
  return materializePlugin(name, join(tempDir(), name));
}

async function invokeJson(dir: string, args: string[]) {
  const r = await runCli(['invoke', '--python', python, '--format', 'json', ...args], { cwd: dir });
  let json: any;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    throw new Error(`no JSON (exit ${r.code}): ${r.stdout}\n${r.stderr}`);
  }
  return { code: r.code, json, stderr: r.stderr };
}

function passedActions(json: any): string[] {
  return json.results.filter((r: any) => r.ok).map((r: any) => `${r.type ?? 'provider'}:${r.action}`);
}

describe('mock dialects against corpus plugins', () => {
  it('gpustack (openai + rerank dialects) passes all five types under --mock, faithful mode', async () => {
    const dir = corpusPlugin('gpustack');
    const r = await invokeJson(dir, ['--mock']);
    expect(r.json.ok, JSON.stringify(r.json.results.filter((x: any) => !x.ok))).toBe(true);
    expect(new Set(r.json.results.map((x: any) => x.type))).toEqual(new Set(['llm', 'text-embedding', 'rerank', 'speech2text', 'tts']));
  });

  it('triton_inference_server (triton dialect): llm', async () => {
    mock = await startMockServer({ provider: 'triton_inference_server', models: ['ensemble'], onRequest: (e) => log.push(e) });
    const r = await invokeJson(corpusPlugin('triton_inference_server'), ['-m', 'ensemble', '-c', `server_url=${mock.origin}`]);
    expect(r.json.ok, JSON.stringify(r.json)).toBe(true);
    expect(passedActions(r.json)).toContain('llm:invoke_llm');
    expect(log.every((e) => e.dialect === 'triton' && e.path === '/v2/models/ensemble/generate')).toBe(true);
  });

  it('openllm (probes dialect: /v1/generate, generate_stream, list-body embeddings): llm and text-embedding', async () => {
    mock = await startMockServer({ provider: 'openllm', onRequest: (e) => log.push(e) });
    const r = await invokeJson(corpusPlugin('openllm'), ['-m', 'facebook/opt-125m', '-c', `server_url=${mock.origin}`]);
    expect(r.json.ok, JSON.stringify(r.json)).toBe(true);
    expect(new Set(log.map((e) => e.path))).toEqual(new Set(['/v1/generate', '/v1/generate_stream', '/v1/embeddings']));
  });

  it('huggingface_tei (tei dialect): text-embedding from an embedder, rerank from a reranker URL', async () => {
    mock = await startMockServer({ provider: 'huggingface_tei', onRequest: (e) => log.push(e) });
    const dir = corpusPlugin('huggingface_tei');
    const embed = await invokeJson(dir, ['-t', 'text-embedding', '-m', 'bge-small', '-c', `server_url=${mock.origin}`]);
    expect(embed.json.ok, JSON.stringify(embed.json)).toBe(true);
    const rerank = await invokeJson(dir, ['-t', 'rerank', '-m', 'bge-reranker', '-c', `server_url=${mock.origin}/reranker`]);
    expect(rerank.json.ok, JSON.stringify(rerank.json)).toBe(true);
    expect(log.filter((e) => e.dialect !== 'tei')).toEqual([]);
    expect(log.map((e) => e.path)).toContain('/reranker/rerank');
  });

  it('a wrong model name gets the vendor\'s "model not found" (Triton: 400), so the credential check fails', async () => {
    mock = await startMockServer({ provider: 'triton_inference_server', models: ['ensemble'], onRequest: (e) => log.push(e) });
    const r = await invokeJson(corpusPlugin('triton_inference_server'), ['-m', 'ensembel', '-c', `server_url=${mock.origin}`]);
    expect(r.code).toBe(1);
    expect(log.map((e) => e.status)).toEqual([400]);
    // The plugin keeps only the status line (httpx's), not Triton's reason: what a user would see.
    expect(r.json.results[0].error).toMatch(/CredentialsValidateFailedError: .*400 Bad Request' for url '.*\/v2\/models\/ensembel\/generate'/);
  });
});
