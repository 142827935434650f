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

  it('minimax: the optional minimax_group_id its code indexes is filled; native embeddings (?GroupId) and streamed t2a_v2 MP3 at api.minimaxi.com', async () => {
    const r = await invoke('minimax', corpusVenv('minimax', ['anthropic==0.104.0']));
    expect(r.failed).toEqual([]);
    expect(r.code, r.stderr).toBe(0);
    expect(types(r.out)).toEqual(new Set(['llm', 'text-embedding', 'tts']));
    const seen = calls(r.requests);
    expect(seen).toContain('POST api.minimaxi.com/v1/embeddings 200');
    expect(seen).toContain('POST api.minimaxi.com/v1/t2a_v2 200');
    expect(r.out.results.find((x) => x.action === 'invoke_tts')!.output).toMatch(/of mp3 audio/);
  }, 900_000);

  it('upstage: the Hub tokenizer it downloads at call time comes from the mock (huggingface.co), into a cache private to the run', async () => {
    const r = await invoke('upstage', corpusVenv('upstage', ['openai==2.38.0', 'tokenizers==0.23.1', 'huggingface_hub==1.16.1', 'numpy==2.4.6']));
    expect(r.failed).toEqual([]);
    expect(r.code, r.stderr).toBe(0);
    expect(types(r.out)).toEqual(new Set(['llm', 'text-embedding']));
    const seen = calls(r.requests);
    expect(seen).toContain('HEAD huggingface.co/upstage/solar-1-mini-tokenizer/resolve/main/tokenizer.json 200');
    expect(seen).toContain('POST api.upstage.ai/v1/solar/embeddings 200');
  }, 900_000);

  it('replicate: owner/name model names, the client\'s own httpx transport through the proxy, models/versions/predictions at api.replicate.com; its embeddings fail in the plugin\'s own code', async () => {
    const r = await invoke('replicate', corpusVenv('replicate', ['replicate==1.0.7']));
    expect(types(r.out)).toEqual(new Set(['llm', 'text-embedding']));
    expect(r.out.results.filter((x) => x.type === 'llm').every((x) => x.ok)).toBe(true);
    expect(r.out.results.find((x) => x.action === 'invoke_llm')!.output).toMatch(/You said/);
    // text_embedding.py passes get_num_tokens' list as `tokens` to EmbeddingUsage: a plugin bug,
    // after every request reached the mock and was answered.
    expect(r.failed).toEqual([expect.stringMatching(/^text-embedding:invoke_text_embedding: .*EmbeddingUsage/s)]);
    expect(r.requests.every((q) => q.url.startsWith('https://api.replicate.com/v1/') && q.status < 300)).toBe(true);
    const seen = calls(r.requests).map((c) => c.replace(/[0-9a-f]{26,64}/g, 'ID'));
    expect(seen).toEqual(expect.arrayContaining(['GET api.replicate.com/v1/models/mock/mock-llm 200', 'POST api.replicate.com/v1/predictions 201', 'GET api.replicate.com/v1/predictions/ID 200']));
  }, 900_000);

  it('bedrock: boto3 finds IAM-role credentials at the instance metadata service (IMDSv2), embeddings and rerank through InvokeModel, chat through ConverseStream\'s event stream', async () => {
    const python = corpusVenv('bedrock', ['boto3==1.43.13', 'botocore==1.43.13', 'tiktoken==0.13.0', 'openai==2.44.0', 'aws-bedrock-token-generator==1.1.0']);
    const r = await invoke('bedrock', python);
    expect(types(r.out)).toEqual(new Set(['llm', 'text-embedding', 'rerank']));
    const seen = calls(r.requests);
    expect(seen).toContain('PUT 169.254.169.254/latest/api/token 200');
    expect(seen).toContain('GET 169.254.169.254/latest/meta-data/iam/security-credentials/model-plugin-mock-role 200');
    expect(seen).toContain('POST bedrock-runtime.us-east-1.amazonaws.com/model/amazon.nova-2-multimodal-embeddings-v1%3A0/invoke 200');
    expect(r.out.results.filter((x) => x.type === 'text-embedding' || x.type === 'rerank').every((x) => x.ok)).toBe(true);
    // The first LLM family, cohere, sends Cohere Command's `prompt` body to Command R+, which
    // Bedrock refuses without `message`: the plugin's own request, refused as AWS refuses it.
    expect(r.failed).toEqual([expect.stringMatching(/^llm:invoke_llm: .*required key \[message\] not found/s)]);
    // A Converse model streams through AWS event-stream frames.
    const claude = await runCli(['invoke', '--mock', '--python', python, '--format', 'json', '-t', 'llm', '-m', 'anthropic claude'], { cwd: copy('bedrock') });
    const out = JSON.parse(claude.stdout) as Json;
    expect(out.results.filter((x) => !x.ok)).toEqual([]);
    expect(out.results.flatMap((x) => x.requests ?? []).some((q) => /\/converse-stream$/.test(q.url) && q.status === 200)).toBe(true);
  }, 900_000);
});
