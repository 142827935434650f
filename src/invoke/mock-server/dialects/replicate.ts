// Replicate (api.replicate.com): models named `owner/name`, each with versions that carry an
// OpenAPI schema of their inputs; POST /v1/predictions runs a version (`Prefer: wait` blocks until
// it is done, else the prediction is "starting" and the client polls GET /v1/predictions/{id}).
// A model whose name says embeddings (embed, bge, e5, mpnet, minilm, gte) takes `text` and returns
// `[{"embedding": […]}]`; any other is a language model taking `prompt` and streaming tokens as an
// output array. Bearer key (or `Token`); errors are problem JSON `{"title", "detail", "status"}`.
import type { Ctx, Dialect, ErrorKind, Route, VendorError } from '../dialect.js';
import { HttpError, header } from '../dialect.js';
import { sendJson } from '../http.js';
import { embed, sha256 } from '../deterministic.js';
import { generate } from '../text.js';

const DIMENSIONS = 768;
const CREATED_AT = '2025-01-01T00:00:00.000000Z';

const isEmbedder = (model: string) => /embed|bge|\be5\b|mpnet|minilm|gte/i.test(model);
const versionId = (model: string) => sha256(`replicate-version:${model}`).toString('hex');

/** Version id → model, for the models this mock described (a version id names no model by itself). */
const versions = new Map<string, string>();
/** Predictions created and not yet read back (bounded: a run makes a handful). */
const predictions = new Map<string, Record<string, unknown>>();

function schemaOf(model: string): Record<string, unknown> {
  const input = isEmbedder(model)
    ? { type: 'object', title: 'Input', required: ['text'], properties: { text: { type: 'string', title: 'Text', description: 'Text to embed', 'x-order': 0 } } }
    : {
        type: 'object',
        title: 'Input',
        required: ['prompt'],
        properties: {
          prompt: { type: 'string', title: 'Prompt', description: 'Prompt to send to the model.', 'x-order': 0 },
          system_prompt: { type: 'string', title: 'System Prompt', description: 'System prompt to send to the model.', default: 'You are a helpful assistant.', 'x-order': 1 },
          max_new_tokens: { type: 'integer', title: 'Max New Tokens', description: 'Maximum number of tokens to generate.', default: 512, minimum: 1, 'x-order': 2 },
          temperature: { type: 'number', title: 'Temperature', description: 'Randomness of the output.', default: 0.7, minimum: 0, maximum: 5, 'x-order': 3 },
          top_p: { type: 'number', title: 'Top P', description: 'Nucleus sampling: the top tokens with this cumulative probability.', default: 0.95, minimum: 0, maximum: 1, 'x-order': 4 },
          top_k: { type: 'integer', title: 'Top K', description: 'Sample from the k most likely tokens.', default: 50, minimum: -1, 'x-order': 5 },
          stop_sequences: { type: 'string', title: 'Stop Sequences', description: 'A comma-separated list of sequences to stop generation at.', 'x-order': 6 },
        },
      };
  const output = isEmbedder(model)
    ? { type: 'array', title: 'Output', items: { type: 'object', properties: { embedding: { type: 'array', items: { type: 'number' } } } } }
    : { type: 'array', title: 'Output', items: { type: 'string' }, 'x-cog-array-type': 'iterator', 'x-cog-array-display': 'concatenate' };
  return { openapi: '3.0.2', info: { title: 'Cog', version: '0.1.0' }, components: { schemas: { Input: input, Output: output } } };
}

function version(model: string): Record<string, unknown> {
  const id = versionId(model);
  versions.set(id, model);
  return { id, created_at: CREATED_AT, cog_version: '0.9.4', openapi_schema: schemaOf(model) };
}

const modelName = (c: Ctx) => `${decodeURIComponent(c.params[0])}/${decodeURIComponent(c.params[1])}`;

function modelInfo(c: Ctx): void {
  const model = modelName(c);
  const [owner, name] = model.split('/');
  sendJson(c.res, 200, {
    url: `https://replicate.com/${model}`,
    owner,
    name,
    description: isEmbedder(model) ? 'A mock text embedding model' : 'A mock language model',
    visibility: 'public',
    github_url: null,
    paper_url: null,
    license_url: null,
    run_count: 0,
    cover_image_url: null,
    default_example: null,
    latest_version: version(model),
  });
}

function versionInfo(c: Ctx): void {
  const model = modelName(c);
  if (c.params[2] !== versionId(model)) throw new HttpError(404, 'Not found.');
  sendJson(c.res, 200, version(model));
}

/** The model a POST /v1/predictions names through its version (`id` or `owner/name:id`). */
function predictionModel(c: Ctx): string | undefined {
  if (c.params[0] !== undefined) return modelName(c);
  let v: unknown;
  try {
    v = c.json().version;
  } catch {
    return undefined;
  }
  if (typeof v !== 'string') return undefined;
  const colon = v.lastIndexOf(':');
  return colon > 0 ? v.slice(0, colon) : versions.get(v);
}

function output(model: string, input: Record<string, unknown>): unknown {
  if (isEmbedder(model)) {
    if (typeof input.text === 'string') return [{ embedding: embed(input.text, DIMENSIONS) }];
    if (typeof input.texts === 'string') {
      let list: unknown;
      try {
        list = JSON.parse(input.texts);
      } catch {
        throw new HttpError(422, 'input.texts: must be a JSON list of strings');
      }
      if (!Array.isArray(list) || !list.every((t) => typeof t === 'string')) throw new HttpError(422, 'input.texts: must be a JSON list of strings');
      return list.map((t: string) => embed(t, DIMENSIONS));
    }
    throw new HttpError(422, 'input: text is required');
  }
  if (typeof input.prompt !== 'string') throw new HttpError(422, 'input: prompt is required');
  const max = typeof input.max_new_tokens === 'number' ? input.max_new_tokens : undefined;
  return generate(input.prompt, max).pieces;
}

function create(c: Ctx): void {
  const body = c.json();
  const model = predictionModel(c);
  if (!model) throw new HttpError(422, 'The specified version does not exist (or perhaps you don\'t have permission to use it?)');
  if (typeof body.input !== 'object' || body.input === null || Array.isArray(body.input)) throw new HttpError(422, 'input: Invalid type. Expected: object');
  const input = body.input as Record<string, unknown>;
  const id = sha256(`replicate-prediction:${model}:${JSON.stringify(input)}`).toString('hex').slice(0, 26);
  const done = { ...prediction(id, model, input), status: 'succeeded', output: output(model, input), completed_at: CREATED_AT, metrics: { predict_time: 0.01 } };
  if (predictions.size > 256) predictions.clear();
  predictions.set(id, done);
  // Without `Prefer: wait` the real API answers at once, before the model ran.
  const wait = /\bwait\b/.test(header(c, 'prefer') ?? '');
  sendJson(c.res, 201, wait ? done : prediction(id, model, input));
}

function prediction(id: string, model: string, input: Record<string, unknown>): Record<string, unknown> {
  const base = `https://api.replicate.com/v1/predictions/${id}`;
  return {
    id,
    model,
    version: versionId(model),
    input,
    logs: '',
    output: null,
    data_removed: false,
    error: null,
    status: 'starting',
    created_at: CREATED_AT,
    started_at: null,
    completed_at: null,
    metrics: {},
    urls: { get: base, cancel: `${base}/cancel`, stream: `https://stream.replicate.com/v1/files/${id}`, web: `https://replicate.com/p/${id}` },
  };
}

function get(c: Ctx): void {
  const found = predictions.get(c.params[0]);
  if (!found) throw new HttpError(404, 'Not found.');
  sendJson(c.res, 200, found);
}

function cancel(c: Ctx): void {
  const found = predictions.get(c.params[0]);
  if (!found) throw new HttpError(404, 'Not found.');
  sendJson(c.res, 200, found.status === 'succeeded' ? found : { ...found, status: 'canceled' });
}

const byHost = (c: Ctx) => c.byHost || c.settings.hint === 'replicate';
const routes: Route[] = [
  { method: 'GET', path: /^\/v1\/models\/([^/]+)\/([^/]+)$/, accepts: byHost, model: modelName, handle: modelInfo },
  { method: 'GET', path: /^\/v1\/models\/([^/]+)\/([^/]+)\/versions\/([^/]+)$/, accepts: byHost, model: modelName, handle: versionInfo },
  { method: 'POST', path: /^\/v1\/models\/([^/]+)\/([^/]+)\/predictions$/, accepts: byHost, model: predictionModel, handle: create },
  { method: 'POST', path: /^\/v1\/predictions$/, accepts: byHost, model: predictionModel, handle: create },
  { method: 'GET', path: /^\/v1\/predictions\/([^/]+)$/, accepts: byHost, handle: get },
  { method: 'POST', path: /^\/v1\/predictions\/([^/]+)\/cancel$/, accepts: byHost, handle: cancel },
];

/** Replicate sends `Authorization: Bearer <token>` (older clients: `Token <token>`). */
function key(c: Ctx): string | undefined {
  const h = header(c, 'authorization');
  if (h === undefined) return undefined;
  const m = /^(?:Bearer|Token)(?:\s+(.*))?$/i.exec(h.trim());
  return m ? (m[1] ?? '').trim() : h.trim();
}

export const replicate: Dialect = {
  name: 'replicate',
  title: 'Replicate models, versions and predictions',
  hosts: ['api.replicate.com'],
  providers: ['replicate'],
  keyRequired: true,
  key,
  missingKey: 'You did not pass an authentication token',
  routes,
  error: (kind: ErrorKind, message: string, extra: { model?: string }): VendorError => {
    const e = (status: number, title: string, detail: string): VendorError => ({ status, body: { title, detail, status }, reason: detail });
    switch (kind) {
      case 'auth':
        return e(401, 'Unauthenticated', message || 'You did not pass a valid authentication token');
      case 'rate-limit':
        return e(429, 'Request was throttled.', message || 'Request was throttled. Your rate limit resets in ~1s.');
      case 'server-error':
        return e(500, 'Internal Server Error', message || 'Internal server error');
      case 'model-not-found':
        return e(404, 'Not found', message || `Model ${extra.model ?? 'unknown'} not found.`);
      case 'not-found':
        return e(404, 'Not found', message || 'Not found.');
      default:
        return e(422, 'Input validation failed', message);
    }
  },
};
