// Amazon Bedrock and what boto3 needs to reach it:
// - the EC2 instance metadata service (169.254.169.254, IMDSv2): a session token (PUT
//   /latest/api/token), the instance role's name and its temporary credentials, so boto3's default
//   credential chain (Dify's "IAM role" auth) finds credentials as on an EC2 instance;
// - bedrock-runtime: Converse (POST /model/{id}/converse), ConverseStream (the same answer as AWS
//   event-stream frames, application/vnd.amazon.eventstream), InvokeModel (POST /model/{id}/invoke)
//   for the embedding (Titan, Nova, Cohere) and rerank (Amazon, Cohere) models, and
//   InvokeModelWithResponseStream for Cohere's text models.
// Requests must carry a SigV4 `Authorization` header (its shape is checked, the signature is not
// recomputed: the mock never has the secret key) or a Bedrock API key (Bearer). Errors are AWS JSON
// `{"message"}` with the error type in `x-amzn-ErrorType`.
import type { Ctx, Dialect, ErrorKind, Route, VendorError } from '../dialect.js';
import { HttpError, header } from '../dialect.js';
import { sendJson } from '../http.js';
import { countTokens, embed, sha256 } from '../deterministic.js';
import { generate, partsText } from '../text.js';
import { rank } from './rerank.js';

// --- instance metadata (IMDSv2) ---

const ROLE = 'model-plugin-mock-role';
const IMDS_TOKEN = `mock-imds-${sha256('imds').toString('hex').slice(0, 40)}`;

function imdsToken(c: Ctx): void {
  const ttl = Number(header(c, 'x-aws-ec2-metadata-token-ttl-seconds'));
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > 21600) return text(c, 400, '');
  c.res.writeHead(200, { 'Content-Type': 'text/plain', 'X-Aws-Ec2-Metadata-Token-Ttl-Seconds': String(ttl), 'Content-Length': IMDS_TOKEN.length });
  c.res.end(IMDS_TOKEN);
}

function text(c: Ctx, status: number, body: string, type = 'text/plain'): void {
  c.res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  c.res.end(body);
}

/** IMDSv2: every metadata read needs the session token; IMDSv1 (no token) is refused, as instances that require v2 do. */
function withToken(handle: (c: Ctx) => void) {
  return (c: Ctx) => (header(c, 'x-aws-ec2-metadata-token') === IMDS_TOKEN ? handle(c) : text(c, 401, ''));
}

function roleCredentials(c: Ctx): void {
  if (c.params[0] !== ROLE) return text(c, 404, '');
  // Valid for six hours from now (boto3 refreshes credentials that expire within minutes).
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  text(
    c,
    200,
    JSON.stringify({
      Code: 'Success',
      LastUpdated: iso(now),
      Type: 'AWS-HMAC',
      AccessKeyId: 'ASIAMOCKMODELPLUGIN01',
      SecretAccessKey: 'mock-secret-access-key-of-the-model-plugin-mock-role',
      Token: `mock-session-token-${sha256(ROLE).toString('hex').slice(0, 32)}`,
      Expiration: iso(now + 6 * 3600_000),
    }),
  );
}

export const awsImds: Dialect = {
  name: 'aws-imds',
  title: 'EC2 instance metadata (IMDSv2 role credentials for boto3)',
  hosts: ['169.254.169.254', '[fd00:ec2::254]', 'fd00:ec2::254'],
  providers: [],
  keyRequired: false,
  key: () => undefined,
  routes: [
    { method: 'PUT', path: /^\/latest\/api\/token$/, public: true, accepts: (c) => c.byHost, handle: imdsToken },
    { method: 'GET', path: /^\/latest\/meta-data\/iam\/security-credentials$/, public: true, accepts: (c) => c.byHost, handle: withToken((c) => text(c, 200, ROLE)) },
    { method: 'GET', path: /^\/latest\/meta-data\/iam\/security-credentials\/([^/]+)$/, public: true, accepts: (c) => c.byHost, handle: withToken(roleCredentials) },
    { method: 'GET', path: /^\/latest\/meta-data\/placement\/region$/, public: true, accepts: (c) => c.byHost, handle: withToken((c) => text(c, 200, 'us-east-1')) },
  ],
  error: (_kind: ErrorKind, message: string): VendorError => ({ status: 404, body: message, reason: message }),
};

// --- Bedrock runtime ---

const modelId = (c: Ctx) => decodeURIComponent(c.params[0]);

function converseInput(c: Ctx): { prompt: string; max?: number } {
  const body = c.json();
  if (!Array.isArray(body.messages) || body.messages.length === 0) throw new HttpError(400, 'A conversation must start with a user message. Try again with a conversation that starts with a user message.');
  const users = (body.messages as { role?: unknown; content?: unknown }[]).filter((m) => m && m.role === 'user');
  const last = users.at(-1);
  if (!last || !Array.isArray(last.content)) throw new HttpError(400, 'A conversation must start with a user message. Try again with a conversation that starts with a user message.');
  const cfg = (body.inferenceConfig ?? {}) as Record<string, unknown>;
  return { prompt: partsText(last.content), max: typeof cfg.maxTokens === 'number' ? cfg.maxTokens : undefined };
}

function converse(c: Ctx): void {
  const { prompt, max } = converseInput(c);
  const g = generate(prompt, max);
  sendJson(c.res, 200, {
    output: { message: { role: 'assistant', content: [{ text: g.text }] } },
    stopReason: g.finish === 'length' ? 'max_tokens' : 'end_turn',
    usage: { inputTokens: g.promptTokens, outputTokens: g.completionTokens, totalTokens: g.promptTokens + g.completionTokens },
    metrics: { latencyMs: 10 },
  });
}

function converseStream(c: Ctx): void {
  const { prompt, max } = converseInput(c);
  const g = generate(prompt, max);
  c.res.writeHead(200, { 'Content-Type': 'application/vnd.amazon.eventstream', 'x-amzn-RequestId': sha256(prompt).toString('hex').slice(0, 36) });
  const send = (type: string, payload: unknown) => c.res.write(eventMessage(type, payload));
  send('messageStart', { role: 'assistant' });
  g.pieces.forEach((piece) => send('contentBlockDelta', { contentBlockIndex: 0, delta: { text: piece } }));
  send('contentBlockStop', { contentBlockIndex: 0 });
  send('messageStop', { stopReason: g.finish === 'length' ? 'max_tokens' : 'end_turn' });
  send('metadata', { usage: { inputTokens: g.promptTokens, outputTokens: g.completionTokens, totalTokens: g.promptTokens + g.completionTokens }, metrics: { latencyMs: 10 } });
  c.res.end();
}

/** InvokeModel: the body is the model family's own JSON. */
function invokeModel(c: Ctx): void {
  const id = modelId(c).replace(/^arn:aws:bedrock:[^:]*:[^:]*:(?:foundation-model|inference-profile)\//, '');
  const body = c.json();
  if (/rerank/.test(id)) {
    if (typeof body.query !== 'string' || !Array.isArray(body.documents)) throw new HttpError(400, 'Malformed input request: #: required key [query] not found, please reformat your input and try again.');
    const docs = (body.documents as unknown[]).map((d) => (typeof d === 'string' ? d : JSON.stringify(d)));
    return sendJson(c.res, 200, { results: rank(body.query, docs).map((r) => ({ index: r.index, relevance_score: r.score })) });
  }
  if (/nova.*embed/.test(id)) {
    const params = (body.singleEmbeddingParams ?? {}) as Record<string, unknown>;
    const t = (params.text ?? {}) as Record<string, unknown>;
    if (body.taskType !== 'SINGLE_EMBEDDING' || typeof t.value !== 'string') throw new HttpError(400, 'Malformed input request: taskType SINGLE_EMBEDDING with singleEmbeddingParams.text.value is required.');
    const dims = typeof params.embeddingDimension === 'number' ? params.embeddingDimension : 3072;
    return sendJson(c.res, 200, { embeddings: [{ embeddingType: 'TEXT', embedding: embed(t.value, dims) }] });
  }
  if (/titan-embed/.test(id)) {
    if (typeof body.inputText !== 'string') throw new HttpError(400, 'Malformed input request: #: required key [inputText] not found, please reformat your input and try again.');
    const dims = typeof body.dimensions === 'number' ? body.dimensions : /v2/.test(id) ? 1024 : 1536;
    return sendJson(c.res, 200, { embedding: embed(body.inputText, dims), inputTextTokenCount: countTokens(body.inputText) });
  }
  if (/cohere\.embed/.test(id)) {
    if (!Array.isArray(body.texts) || !body.texts.every((t) => typeof t === 'string')) throw new HttpError(400, 'Malformed input request: #: required key [texts] not found, please reformat your input and try again.');
    const texts = body.texts as string[];
    const vectors = texts.map((t) => embed(t, /v4/.test(id) ? 1536 : 1024));
    const id_ = sha256(texts.join('\n')).toString('hex').slice(0, 36);
    // embed-v4 answers `embeddings` keyed by type; v3 a plain list.
    return sendJson(c.res, 200, /v4/.test(id) ? { id: id_, embeddings: { float: vectors }, texts, response_type: 'embeddings_by_type' } : { id: id_, embeddings: vectors, texts, response_type: 'embeddings_floats' });
  }
  throw new HttpError(400, 'The provided model identifier is invalid.');
}

/**
 * InvokeModelWithResponseStream for Cohere's text models: Command (legacy) takes `prompt`, Command
 * R and R+ take `message` (Bedrock refuses a body without it). Each chunk event carries the model's
 * JSON in base64 `bytes`; the last has `finish_reason` and Bedrock's invocation metrics.
 */
function invokeStream(c: Ctx): void {
  const id = modelId(c).replace(/^arn:aws:bedrock:[^:]*:[^:]*:(?:foundation-model|inference-profile)\//, '');
  const body = c.json();
  if (!/cohere\.command/.test(id)) throw new HttpError(400, 'The provided model identifier is invalid.');
  const commandR = /command-r/.test(id);
  const key = commandR ? 'message' : 'prompt';
  const input = body[key];
  if (typeof input !== 'string') throw new HttpError(400, `Malformed input request: #: required key [${key}] not found, please reformat your input and try again.`);
  const g = generate(input, typeof body.max_tokens === 'number' ? body.max_tokens : undefined);
  c.res.writeHead(200, { 'Content-Type': 'application/vnd.amazon.eventstream' });
  const chunk = (payload: unknown) => c.res.write(eventMessage('chunk', { bytes: Buffer.from(JSON.stringify(payload)).toString('base64') }));
  for (const piece of g.pieces) chunk(commandR ? { is_finished: false, event_type: 'text-generation', text: piece } : { text: piece, is_finished: false });
  const finish = g.finish === 'length' ? 'MAX_TOKENS' : 'COMPLETE';
  const metrics = { inputTokenCount: g.promptTokens, outputTokenCount: g.completionTokens, invocationLatency: 10, firstByteLatency: 5 };
  chunk({ is_finished: true, ...(commandR ? { event_type: 'stream-end' } : {}), finish_reason: finish, 'amazon-bedrock-invocationMetrics': metrics });
  c.res.end();
}

// --- AWS event stream framing (application/vnd.amazon.eventstream) ---

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** One event-stream message: prelude (lengths + CRC), string headers, JSON payload, message CRC. */
export function eventMessage(type: string, payload: unknown): Buffer {
  const headers = Buffer.concat(
    Object.entries({ ':event-type': type, ':content-type': 'application/json', ':message-type': 'event' }).map(([name, value]) => {
      const n = Buffer.from(name);
      const v = Buffer.from(value);
      const h = Buffer.alloc(1 + n.length + 1 + 2 + v.length);
      h.writeUInt8(n.length, 0);
      n.copy(h, 1);
      h.writeUInt8(7, 1 + n.length); // 7: string
      h.writeUInt16BE(v.length, 2 + n.length);
      v.copy(h, 4 + n.length);
      return h;
    }),
  );
  const body = Buffer.from(JSON.stringify(payload));
  const total = 12 + headers.length + body.length + 4;
  const prelude = Buffer.alloc(8);
  prelude.writeUInt32BE(total, 0);
  prelude.writeUInt32BE(headers.length, 4);
  const preludeCrc = Buffer.alloc(4);
  preludeCrc.writeUInt32BE(crc32(prelude), 0);
  const message = Buffer.concat([prelude, preludeCrc, headers, body]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(message), 0);
  return Buffer.concat([message, crc]);
}

/** The access key of a SigV4 Authorization header, or a Bedrock API key (Bearer). */
function awsKey(c: Ctx): string | undefined {
  const h = header(c, 'authorization');
  if (h === undefined) return undefined;
  const sig = /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/\d{8}\/[\w-]+\/bedrock\/aws4_request, ?SignedHeaders=[\w;-]+, ?Signature=[0-9a-f]{64}$/.exec(h.trim());
  if (sig) return sig[1];
  const b = /^Bearer\s+(\S+)$/i.exec(h.trim());
  return b ? b[1] : '';
}

const byHost = (c: Ctx) => c.byHost || c.settings.hint === 'bedrock';
const routes: Route[] = [
  { method: 'POST', path: /^\/model\/([^/]+)\/converse$/, accepts: byHost, handle: converse },
  { method: 'POST', path: /^\/model\/([^/]+)\/converse-stream$/, accepts: byHost, handle: converseStream },
  { method: 'POST', path: /^\/model\/([^/]+)\/invoke$/, accepts: byHost, handle: invokeModel },
  { method: 'POST', path: /^\/model\/([^/]+)\/invoke-with-response-stream$/, accepts: byHost, handle: invokeStream },
];

export const bedrock: Dialect = {
  name: 'bedrock',
  title: 'Amazon Bedrock runtime (Converse, ConverseStream event stream, InvokeModel)',
  hosts: [/^bedrock-runtime(?:-fips)?\.[a-z0-9-]+\.amazonaws\.com$/],
  providers: ['bedrock'],
  keyRequired: true,
  key: awsKey,
  missingKey: 'Missing Authentication Token',
  routes,
  error: (kind: ErrorKind, message: string): VendorError => {
    const e = (status: number, type: string, msg: string): VendorError => ({ status, body: { message: msg }, headers: { 'x-amzn-ErrorType': `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/` }, reason: msg });
    switch (kind) {
      case 'auth':
        return e(403, 'UnrecognizedClientException', message || 'The security token included in the request is invalid.');
      case 'rate-limit':
        return e(429, 'ThrottlingException', message || 'Too many requests, please wait before trying again.');
      case 'server-error':
        return e(500, 'InternalServerException', message || 'The server encountered an error processing your request.');
      case 'model-not-found':
        return e(400, 'ValidationException', message || 'The provided model identifier is invalid.');
      case 'not-found':
        return e(404, 'UnknownOperationException', message || 'Unknown operation');
      default:
        return e(400, 'ValidationException', message);
    }
  },
};
