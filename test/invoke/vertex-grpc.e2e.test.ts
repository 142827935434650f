// The official vertex_ai plugin (../shared/corpus) under `invoke --mock`, with the real SDK and
// Google's own client libraries in a cached venv (google-cloud-aiplatform, google-genai,
// anthropic[vertex]). Its default text embedding model, multimodalembedding@001, goes through
// aiplatform's gRPC transport: ModelGardenService/GetPublisherModel, then PredictionService/Predict
// over HTTP/2 through the hermetic proxy (issue 8). The LLM is Claude on Vertex (REST). The plugin
// imports the whole of aiplatform at start-up (48-80 s on a busy 2-core machine): the timeouts are
// generous hang guards.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTemps, runCli, tempDir } from './run-cli.js';
import { materializePlugin } from '../helpers/corpus.js';
import { corpusVenv } from '../helpers/corpus-venv.js';

interface Req { method: string; url: string; status: number; unserved: boolean; grpcStatus?: number; http2?: boolean; model?: string }
interface Json {
  ok: boolean;
  results: { type: string | null; model: string | null; action: string; ok: boolean; output: string | null; error: string | null; requests?: Req[] }[];
}

let python: string;
beforeAll(() => {
  // The plugin's direct dependencies at the versions of its uv.lock.
  python = corpusVenv('vertex-ai', [
    'google-cloud-aiplatform==1.153.1',
    'google-genai==2.6.0',
    'google-api-core==2.30.3',
    'google-auth==2.53.0',
    'anthropic[vertex]==0.104.0',
    'mistralai[gcp]==2.7.1',
    'pillow==12.3.0',
    'sentencepiece==0.2.1',
    'grpcio==1.80.0',
    'protobuf==6.33.6',
  ]);
}, 1_800_000);
afterAll(removeTemps);

const copy = () => materializePlugin('vertex_ai', join(tempDir('mp-vertex-'), 'vertex_ai'));
const HOST = 'https://us-central1-aiplatform.googleapis.com';

describe('vertex_ai under invoke --mock (gRPC PredictionService)', () => {
  it('every declared type passes; multimodalembedding@001 is answered over gRPC (HTTP/2), each call in the report with its gRPC status', async () => {
    const r = await runCli(['invoke', '--mock', '--python', python, '--format', 'json', '--startup-timeout', '600', '--timeout', '300'], { cwd: copy() });
    let out: Json;
    try {
      out = JSON.parse(r.stdout) as Json;
    } catch {
      throw new Error(`no JSON (exit ${r.code}): ${r.stdout}\n${r.stderr}`);
    }
    expect(out.results.filter((x) => !x.ok).map((x) => `${x.type}:${x.action}: ${x.error}`)).toEqual([]);
    expect(r.code, r.stderr).toBe(0);
    expect(new Set(out.results.map((x) => x.type).filter(Boolean))).toEqual(new Set(['llm', 'text-embedding']));

    const embed = out.results.find((x) => x.action === 'invoke_text_embedding')!;
    expect(embed.model).toBe('multimodalembedding@001');
    expect(embed.output).toMatch(/vectors × 1408 dimensions/);
    const grpc = embed.requests!.map((q) => `${q.method} ${q.url} ${q.status} grpc-status ${q.grpcStatus} ${q.http2 ? 'h2' : 'http/1.1'} ${q.model}`);
    expect(new Set(grpc)).toEqual(
      new Set([
        `POST ${HOST}/google.cloud.aiplatform.v1.ModelGardenService/GetPublisherModel 200 grpc-status 0 h2 multimodalembedding@001`,
        `POST ${HOST}/google.cloud.aiplatform.v1.PredictionService/Predict 200 grpc-status 0 h2 multimodalembedding@001`,
      ]),
    );
    // Nothing the mock does not serve, nothing that failed to connect.
    expect(out.results.flatMap((x) => x.requests ?? []).filter((q) => q.unserved)).toEqual([]);
  }, 1_200_000);

  // model-not-found rather than rate-limit or server-error: aiplatform retries those (api_core's
  // default Retry, 120 s) before it raises a RetryError, which the plugin does not map.
  it('--mock-fault model-not-found: the gRPC call gets NOT_FOUND, which the plugin maps to InvokeBadRequestError with the server\'s reason', async () => {
    const r = await runCli(['invoke', '--mock', '--mock-fault', 'model-not-found', '--python', python, '--type', 'text-embedding', '--format', 'json', '--startup-timeout', '600', '--timeout', '300'], {
      cwd: copy(),
    });
    let rows: { action: string; raised: string | null; ok: boolean; reason: boolean | null; why: string | null; requests: { url: string; grpcStatus?: number }[] }[];
    try {
      rows = (JSON.parse(r.stdout) as { faults: typeof rows }).faults;
    } catch {
      throw new Error(`no JSON (exit ${r.code}): ${r.stdout}\n${r.stderr}`);
    }
    const embed = rows.find((x) => x.action === 'invoke_text_embedding');
    expect(embed, r.stdout).toBeDefined();
    expect(embed!.raised, embed!.why ?? '').toBe('InvokeBadRequestError');
    expect(embed!.reason).toBe(true);
    expect(embed!.ok).toBe(true);
    expect(embed!.requests.map((q) => [q.url.replace(/^[^/]*/, ''), q.grpcStatus])).toEqual([['/google.cloud.aiplatform.v1.ModelGardenService/GetPublisherModel', 5]]);
  }, 1_200_000);
});
