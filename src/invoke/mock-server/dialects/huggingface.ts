// Hugging Face: Text Embeddings Inference (a local server: GET /info, POST /embed, /rerank,
// /tokenize; its OpenAI-compatible /v1/embeddings is the openai dialect) and the hosted Inference
// API (POST /models/{model} and the router's /hf-inference/models/{model}/pipeline/{task}).
// Errors: TEI `{"error", "error_type"}`, Inference API `{"error": …}`.
import type { Ctx, Dialect, ErrorKind, Route, VendorError } from '../dialect.js';
import { bearer, HttpError, peekJson } from '../dialect.js';
import { sendJson } from '../http.js';
import { embed, sha256 } from '../deterministic.js';
import { generate } from '../text.js';
import { rank } from './rerank.js';
import { embeddingList } from './openai-embeddings.js';

const TEI_DIMENSIONS = 384;

/**
 * A TEI server serves one model, an embedder or a reranker, and says which in /info. The mock
 * answers "reranker" for a rerank model's server URL (`--mock` fills it under /mock-type=rerank),
 * or when the server URL's path names a reranker (e.g. http://127.0.0.1:PORT/reranker), else "embedding".
 */
function info(c: Ctx): void {
  const reranker = c.modelType === 'rerank' || /rerank/i.test(c.path);
  sendJson(c.res, 200, {
    model_id: reranker ? 'BAAI/bge-reranker-base' : 'BAAI/bge-small-en-v1.5',
    model_sha: null,
    model_dtype: 'float16',
    model_type: reranker ? { reranker: { id2label: { '0': 'LABEL_0' }, label2id: { LABEL_0: 0 } } } : { embedding: { pooling: 'cls' } },
    max_concurrent_requests: 512,
    max_input_length: 512,
    max_batch_tokens: 16384,
    max_batch_requests: null,
    max_client_batch_size: 32,
    auto_truncate: false,
    tokenization_workers: 2,
    version: '1.5.0',
    sha: null,
    docker_label: null,
  });
}

function inputsOf(value: unknown, key = 'inputs'): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.length > 0 && value.every((t) => typeof t === 'string')) return value as string[];
  throw new HttpError(422, `Failed to deserialize the JSON body into the target type: ${key}: data did not match any variant of untagged enum Input`);
}

const teiPost = (path: RegExp, handle: (c: Ctx) => void, extra: Partial<Route> = {}): Route => ({ method: 'POST', path, handle, ...extra });
const teiRoutes: Route[] = [
  { method: 'GET', path: /\/info$/, public: true, handle: info },
  { method: 'GET', path: /^\/health$/, public: true, handle: (c) => sendJson(c.res, 200, {}) },
  teiPost(/\/embed$/, (c) => {
    const texts = inputsOf(c.json().inputs);
    if (texts.length > 32) throw new HttpError(422, `batch size ${texts.length} > maximum allowed batch size 32`);
    sendJson(c.res, 200, texts.map((t) => embed(t, TEI_DIMENSIONS)));
  }),
  teiPost(
    /\/rerank$/,
    (c) => {
      const body = c.json();
      if (typeof body.query !== 'string') throw new HttpError(422, 'Failed to deserialize the JSON body into the target type: missing field `query`');
      const texts = inputsOf(body.texts, 'texts');
      const withText = body.return_text === true;
      sendJson(c.res, 200, rank(body.query, texts).map((r) => ({ index: r.index, score: r.score, ...(withText ? { text: r.text } : {}) })));
    },
    { accepts: (c) => peekJson(c)?.texts !== undefined },
  ),
  // TEI's OpenAI-compatible route: `model` is optional (the server has one).
  teiPost(
    /\/v1\/embeddings$/,
    (c) => {
      const body = c.json();
      const texts = inputsOf(body.input, 'input');
      sendJson(c.res, 200, embeddingList(typeof body.model === 'string' ? body.model : 'BAAI/bge-small-en-v1.5', texts, TEI_DIMENSIONS));
    },
    { accepts: (c) => c.settings.hint === 'tei' || (peekJson(c) !== undefined && peekJson(c)!.model === undefined) },
  ),
  teiPost(/\/tokenize$/, (c) => {
    const texts = inputsOf(c.json().inputs);
    sendJson(
      c.res,
      200,
      texts.map((t) => {
        const out: { id: number; text: string; special: boolean; start: number | null; stop: number | null }[] = [{ id: 101, text: '[CLS]', special: true, start: null, stop: null }];
        for (const m of t.matchAll(/[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu)) out.push({ id: sha256(m[0]).readUInt16BE(0), text: m[0], special: false, start: m.index!, stop: m.index! + m[0].length });
        out.push({ id: 102, text: '[SEP]', special: true, start: null, stop: null });
        return out;
      }),
    );
  }),
];

export const tei: Dialect = {
  name: 'tei',
  title: 'Hugging Face Text Embeddings Inference',
  hosts: [/\.endpoints\.huggingface\.cloud$/],
  providers: ['huggingface_tei'],
  keyRequired: false,
  key: bearer,
  routes: teiRoutes,
  error: (kind: ErrorKind, message: string): VendorError => {
    const e = (status: number, msg: string, type: string): VendorError => ({ status, body: { error: msg, error_type: type }, reason: msg });
    switch (kind) {
      case 'auth':
        return e(401, message || 'Unauthorized', 'Unauthorized');
      case 'rate-limit':
        return e(429, message || 'Model is overloaded', 'Overloaded');
      case 'server-error':
        return e(500, message || 'Backend error: inference failed', 'Backend');
      case 'model-not-found':
        return e(404, message || 'Model not found', 'Validation');
      default:
        return e(kind === 'not-found' ? 404 : 422, message, 'Validation');
    }
  },
};

// --- Hosted Inference API ---

const hfModel = (c: Ctx) => decodeURIComponent(c.params[0]);
function inference(c: Ctx): void {
  const body = c.json();
  const task = c.params[1];
  const inputs = body.inputs;
  const model = hfModel(c);
  if (task === 'feature-extraction' || task === 'sentence-similarity' || (!task && (Array.isArray(inputs) || /embed|sentence|bge|e5|minilm/i.test(model)))) {
    const texts = inputsOf(inputs);
    return sendJson(c.res, 200, typeof inputs === 'string' ? embed(texts[0], TEI_DIMENSIONS) : texts.map((t) => embed(t, TEI_DIMENSIONS)));
  }
  if (typeof inputs !== 'string') throw new HttpError(400, 'Input should be a valid string');
  const params = (body.parameters ?? {}) as Record<string, unknown>;
  const g = generate(inputs, typeof params.max_new_tokens === 'number' ? params.max_new_tokens : undefined);
  sendJson(c.res, 200, [{ generated_text: params.return_full_text === false ? g.text : `${inputs}${g.text}` }]);
}

export const hfInference: Dialect = {
  name: 'hf-inference',
  title: 'Hugging Face Inference API',
  hosts: ['api-inference.huggingface.co', 'router.huggingface.co'],
  providers: ['huggingface_hub'],
  keyRequired: true,
  key: bearer,
  missingKey: 'You must provide an access token to use the Inference API.',
  routes: [
    { method: 'POST', path: /\/hf-inference\/models\/(.+?)(?:\/pipeline\/([\w-]+))?$/, model: hfModel, handle: inference },
    { method: 'POST', path: /^\/models\/(.+?)(?:\/pipeline\/([\w-]+))?$/, accepts: (c) => c.byHost, model: hfModel, handle: inference },
  ],
  error: (kind: ErrorKind, message: string, extra: { model?: string }): VendorError => {
    const e = (status: number, msg: string): VendorError => ({ status, body: { error: msg }, reason: msg });
    switch (kind) {
      case 'auth':
        return e(401, message || 'Invalid credentials in Authorization header');
      case 'rate-limit':
        return e(429, message || 'Rate limit reached. You reached free usage limit (reset hourly). Please subscribe to a plan at https://huggingface.co/pricing to use the API at this rate');
      case 'server-error':
        return e(503, message || `Model ${extra.model ?? ''} is currently loading`);
      case 'model-not-found':
        return e(404, message || `Model ${extra.model ?? 'unknown'} does not exist`);
      default:
        return e(kind === 'not-found' ? 404 : 400, message);
    }
  },
};

// --- Hugging Face Hub (files of a model repo) ---
// Plugins that count tokens with a Hub tokenizer (`Tokenizer.from_pretrained("org/name")`, e.g.
// Upstage's) fetch it at call time: huggingface_hub asks HEAD /{repo}/resolve/{rev}/{file} for
// X-Repo-Commit, ETag and Content-Length, then GETs it. The mock serves a deterministic stand-in
// tokenizer.json for every repo (one token per word, all `<unk>`), not the real vocabulary:
// token counts are plausible, ids are not. Files it does not have get the Hub's EntryNotFound.

/** A valid `tokenizers` JSON: whitespace pre-tokenizer, a one-word WordLevel vocabulary. */
export const STAND_IN_TOKENIZER = JSON.stringify({
  version: '1.0',
  truncation: null,
  padding: null,
  added_tokens: [{ id: 0, content: '<unk>', single_word: false, lstrip: false, rstrip: false, normalized: false, special: true }],
  normalizer: null,
  pre_tokenizer: { type: 'Whitespace' },
  post_processor: null,
  decoder: null,
  model: { type: 'WordLevel', vocab: { '<unk>': 0 }, unk_token: '<unk>' },
});

const HUB_FILES: Record<string, string> = {
  'tokenizer.json': STAND_IN_TOKENIZER,
  'tokenizer_config.json': JSON.stringify({ model_max_length: 4096, unk_token: '<unk>', tokenizer_class: 'PreTrainedTokenizerFast' }),
  'special_tokens_map.json': JSON.stringify({ unk_token: '<unk>' }),
};

const repoCommit = (repo: string) => sha256(`hf-hub-commit:${repo}`).toString('hex').slice(0, 40);

function hubFile(c: Ctx): void {
  const [repo, , file] = [decodeURIComponent(c.params[0]), c.params[1], decodeURIComponent(c.params[2])];
  const text = HUB_FILES[file];
  const commit = repoCommit(repo);
  if (text === undefined) {
    const msg = `Entry Not Found for url: https://huggingface.co/${repo}/resolve/${c.params[1]}/${file}.`;
    c.res.writeHead(404, { 'Content-Type': 'application/json', 'X-Error-Code': 'EntryNotFound', 'X-Error-Message': msg, 'X-Repo-Commit': commit });
    c.res.end(c.method === 'HEAD' ? undefined : JSON.stringify({ error: msg }));
    return;
  }
  const body = Buffer.from(text);
  c.res.writeHead(200, {
    'Content-Type': 'application/json',
    'Content-Length': body.length,
    ETag: `"${sha256(body).toString('hex').slice(0, 40)}"`,
    'X-Repo-Commit': commit,
    'Accept-Ranges': 'bytes',
  });
  c.res.end(c.method === 'HEAD' ? undefined : body);
}

function hubModel(c: Ctx): void {
  const repo = decodeURIComponent(c.params[0]);
  sendJson(c.res, 200, {
    _id: repoCommit(repo).slice(0, 24),
    id: repo,
    modelId: repo,
    sha: repoCommit(repo),
    private: false,
    gated: false,
    disabled: false,
    tags: [],
    siblings: Object.keys(HUB_FILES).map((rfilename) => ({ rfilename })),
  });
}

export const hfHub: Dialect = {
  name: 'hf-hub',
  title: 'Hugging Face Hub files (a stand-in tokenizer.json)',
  hosts: ['huggingface.co', 'hf.co'],
  providers: [],
  keyRequired: false,
  key: bearer,
  routes: [
    { method: 'GET', path: /^\/api\/models\/([^/]+(?:\/[^/]+)?)(?:\/revision\/[^/]+)?$/, public: true, accepts: (c) => c.byHost, handle: hubModel },
    { method: 'GET', path: /^\/([^/]+(?:\/[^/]+)?)\/resolve\/([^/]+)\/(.+)$/, public: true, accepts: (c) => c.byHost, handle: hubFile },
  ],
  error: (kind: ErrorKind, message: string): VendorError => {
    const e = (status: number, msg: string): VendorError => ({ status, body: { error: msg }, headers: { 'X-Error-Message': msg }, reason: msg });
    switch (kind) {
      case 'auth':
        return e(401, message || 'Invalid credentials in Authorization header');
      case 'rate-limit':
        return e(429, message || 'You have been rate-limited; you can retry this action in about 5 minutes.');
      case 'server-error':
        return e(500, message || 'Internal Error - We\'re working hard to fix this as soon as possible!');
      case 'model-not-found':
        return e(404, message || 'Repository Not Found');
      default:
        return e(kind === 'not-found' ? 404 : 400, message);
    }
  },
};
