// The vendor dialects of the mock against the official plugins that speak them (../shared/corpus),
// each under `invoke --mock` with the real SDK and the vendor's own client library: the plugin
// calls its hard-coded vendor host, the hermetic proxy hands the request to the mock, and the
// dialect chosen by that host answers every request. Each plugin passes every declared type.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTemps, runCli, tempDir } from './run-cli.js';
import { materializePlugin } from '../helpers/corpus.js';
import { corpusVenv, sdkPython } from '../helpers/corpus-venv.js';

interface Req { method: string; url: string; status: number; unserved: boolean }
interface Json {
  ok: boolean;
  results: { type: string | null; action: string; ok: boolean; output: string | null; error: string | null; requests?: Req[] }[];
}

afterAll(removeTemps);

const copy = (name: string) => materializePlugin(name, join(tempDir('mp-dialects-'), name));

/** Runs `invoke --mock` on a copy of the plugin; returns the JSON and every request made. */
async function invoke(name: string, python: string) {
  const r = await runCli(['invoke', '--mock', '--python', python, '--format', 'json'], { cwd: copy(name) });
  let out: Json;
  try {
    out = JSON.parse(r.stdout) as Json;
  } catch {
    throw new Error(`no JSON (exit ${r.code}): ${r.stdout}\n${r.stderr}`);
  }
  const failed = out.results.filter((x) => !x.ok).map((x) => `${x.type}:${x.action}: ${x.error}`);
  return { code: r.code, stderr: r.stderr, out, failed, requests: out.results.flatMap((x) => x.requests ?? []) };
}

/** "METHOD host/path" of each request, without the query string, deduplicated. */
const calls = (requests: Req[]) => [...new Set(requests.map((q) => `${q.method} ${q.url.replace(/^https?:\/\//, '').replace(/\?.*$/, '')} ${q.status}`))].sort();
const types = (out: Json) => new Set(out.results.map((x) => x.type).filter((t) => t !== null));

describe('vendor dialects against corpus plugins (invoke --mock, hermetic)', () => {
  it('voyage: embeddings and rerank at api.voyageai.com (rerank results in "data", documents as strings)', async () => {
    const r = await invoke('voyage', sdkPython());
    expect(r.failed).toEqual([]);
    expect(r.code, r.stderr).toBe(0);
    expect(types(r.out)).toEqual(new Set(['text-embedding', 'rerank']));
    expect(calls(r.requests)).toEqual(['POST api.voyageai.com/v1/embeddings 200', 'POST api.voyageai.com/v1/rerank 200']);
  }, 600_000);

  it('mixedbread: embeddings and /v1/reranking at api.mixedbread.com, models named mixedbread-ai/<model>', async () => {
    const r = await invoke('mixedbread', sdkPython());
    expect(r.failed).toEqual([]);
    expect(r.code, r.stderr).toBe(0);
    expect(types(r.out)).toEqual(new Set(['text-embedding', 'rerank']));
    expect(calls(r.requests)).toEqual(['POST api.mixedbread.com/v1/embeddings 200', 'POST api.mixedbread.com/v1/reranking 200']);
  }, 600_000);

  it('tencent: flash ASR at asr.cloud.tencent.com (signed query, raw audio body, code 0 + flash_result)', async () => {
    const r = await invoke('tencent', sdkPython());
    expect(r.failed).toEqual([]);
    expect(r.code, r.stderr).toBe(0);
    expect(calls(r.requests)).toEqual(['POST asr.cloud.tencent.com/asr/flash/v1/mock-app-id 200']);
    expect(r.out.results.find((x) => x.action === 'invoke_speech2text')!.output).toMatch(/Mock transcription of/);
  }, 600_000);

  it('gitee_ai: the account probe, OpenAI-compatible types and speech without a voice at ai.gitee.com', async () => {
    const r = await invoke('gitee_ai', corpusVenv('gitee-ai', ['pydub==0.25.1', 'dashscope==1.25.18']));
    expect(r.failed).toEqual([]);
    expect(r.code, r.stderr).toBe(0);
    expect(types(r.out)).toEqual(new Set(['llm', 'text-embedding', 'rerank', 'speech2text', 'tts']));
    const seen = calls(r.requests);
    expect(seen).toContain('GET ai.gitee.com/api/base/account/me 200');
    expect(seen).toContain('POST ai.gitee.com/v1/audio/speech 200');
    expect(r.requests.every((q) => q.url.startsWith('https://ai.gitee.com/') && q.status === 200)).toBe(true);
  }, 900_000);

  it('nomic: the nomic SDK logs in with a refresh token (JWT), then embeds at api-atlas.nomic.ai', async () => {
    const r = await invoke('nomic', corpusVenv('nomic', ['nomic==3.9.0']));
    expect(r.failed).toEqual([]);
    expect(r.code, r.stderr).toBe(0);
    const seen = calls(r.requests);
    expect(seen).toContain('POST api-atlas.nomic.ai/v1/embedding/text 200');
    expect(seen.some((c) => /^GET api-atlas\.nomic\.ai\/v1\/user\/token\/refresh\/\S+ 200$/.test(c))).toBe(true);
  }, 900_000);

  it('fishaudio: MessagePack TTS and ASR at api.fish.audio, the voice listed by GET /model', async () => {
    const r = await invoke('fishaudio', corpusVenv('fishaudio', ['fish-audio-sdk==1.3.0']));
    expect(r.failed).toEqual([]);
    expect(r.code, r.stderr).toBe(0);
    expect(types(r.out)).toEqual(new Set(['tts', 'speech2text']));
    expect(calls(r.requests)).toEqual(['GET api.fish.audio/model 200', 'POST api.fish.audio/v1/asr 200', 'POST api.fish.audio/v1/tts 200']);
    expect(r.out.results.find((x) => x.action === 'invoke_tts')!.output).toMatch(/of mp3 audio/);
  }, 900_000);
  it('wenxin: the provider checks with a model no YAML lists (ernie-4.5-turbo-32k), which the allow-list takes from its code', async () => {
    const r = await invoke('wenxin', sdkPython());
    expect(r.failed).toEqual([]);
    expect(r.code, r.stderr).toBe(0);
    expect(types(r.out)).toEqual(new Set(['llm', 'text-embedding', 'rerank']));
    expect(r.out.results.find((x) => x.action === 'validate_provider_credentials')!.output).toMatch(/checked with llm model ernie-4\.5-turbo-32k/);
    expect(r.requests.every((q) => q.url.startsWith('https://qianfan.baidubce.com/v2/') && q.status === 200)).toBe(true);
  }, 600_000);

  it('byteplus: a polling model (features: polling) runs as Dify runs it, start_polling then check_polling, against Ark\'s video tasks', async () => {
    const r = await invoke('byteplus', corpusVenv('byteplus', ['volcengine-python-sdk[ark]==5.0.24']));
    expect(r.failed).toEqual([]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.out.results.map((x) => x.action)).toEqual(['validate_provider_credentials', 'start_polling', 'check_polling', 'get_llm_num_tokens']);
    expect(r.out.results.find((x) => x.action === 'start_polling')!.output).toMatch(/^running, next check in 10 s/);
    expect(r.out.results.find((x) => x.action === 'check_polling')!.output).toMatch(/^succeeded: video https:\/\/\S+\.mp4/);
    expect(calls(r.requests).map((c) => c.replace(/cgt-\S+/, 'cgt-ID').replace(/127\.0\.0\.1:\d+/, 'MOCK'))).toEqual([
      'GET MOCK/contents/generations/tasks 200',
      'GET MOCK/contents/generations/tasks/cgt-ID 200',
      'POST MOCK/contents/generations/tasks 200',
    ]);
  }, 900_000);

  it('hunyuan: Tencent Cloud API 3.0 (hunyuan ChatCompletions, lkeap GetEmbedding) over the certifi bundle the SDK pins', async () => {
    const r = await invoke('hunyuan', corpusVenv('hunyuan', ['tencentcloud-sdk-python==3.1.101']));
    expect(r.failed).toEqual([]);
    expect(r.code, r.stderr).toBe(0);
    expect(types(r.out)).toEqual(new Set(['llm', 'text-embedding']));
    expect(calls(r.requests)).toEqual(['POST hunyuan.tencentcloudapi.com/ 200', 'POST lkeap.tencentcloudapi.com/ 200']);
  }, 900_000);

  it('huggingface_tei: one server_url field, a server per model type: the rerank model\'s URL (under /mock-type=rerank) gets a reranker\'s /info', async () => {
    const r = await invoke('huggingface_tei', sdkPython());
    expect(r.failed).toEqual([]);
    expect(r.code, r.stderr).toBe(0);
    expect(types(r.out)).toEqual(new Set(['text-embedding', 'rerank']));
    const seen = calls(r.requests).map((c) => c.replace(/127\.0\.0\.1:\d+/, 'MOCK'));
    // The report shows the URLs as the plugin called them, prefix included.
    expect(seen).toEqual([
      'GET MOCK/mock-type=rerank/info 200',
      'GET MOCK/mock-type=text-embedding/info 200',
      'POST MOCK/mock-type=rerank/rerank 200',
      'POST MOCK/mock-type=text-embedding/v1/embeddings 200',
    ]);
  }, 600_000);
});
