// Tencent Cloud API 3.0 (the tencentcloud-sdk-python clients), as the Hunyuan plugin uses it: POST /
// on <service>.tencentcloudapi.com (hunyuan: ChatCompletions, GetEmbedding; lkeap: GetEmbedding), the action in `X-TC-Action`, a TC3-HMAC-SHA256 `Authorization`
// (the mock cannot recompute it without the secret key, so it checks its shape and SecretId), a
// JSON body with capitalised fields. Answers are `{"Response": {…, "RequestId"}}`, errors
// `{"Response": {"Error": {"Code", "Message"}, "RequestId"}}` with HTTP 200; streamed chat is SSE.
// The SDK reads an error only under a Content-Type of exactly `application/json`.
import type { Ctx, Dialect, ErrorKind, Route, VendorError } from '../dialect.js';
import { header, HttpError } from '../dialect.js';
import { countTokens, embed, sha256 } from '../deterministic.js';
import { CREATED, generate, partsText } from '../text.js';

const JSON_TYPE = 'application/json';
const TC3 = /^TC3-HMAC-SHA256 Credential=([^/,\s]+)\/\d{4}-\d{2}-\d{2}\/[\w-]+\/tc3_request, SignedHeaders=[\w;-]+, Signature=[0-9a-f]{64}$/;

const routes: Route[] = [
  {
    method: 'POST',
    path: /^\/$/,
    model: (c) => {
      try {
        const m = c.json().Model;
        return typeof m === 'string' ? m : undefined;
      } catch {
        return undefined;
      }
    },
    handle: dispatch,
  },
];

export const tencentCloud: Dialect = {
  name: 'tencent-cloud',
  title: 'Tencent Cloud API 3.0 (Hunyuan ChatCompletions and GetEmbedding, LKEAP GetEmbedding)',
  hosts: [/(^|\.)tencentcloudapi\.com$/],
  providers: ['hunyuan'],
  keyRequired: true,
  key: (c) => TC3.exec(header(c, 'authorization') ?? '')?.[1],
  missingKey: 'The SecretId is not found, please ensure that your SecretId is correct.',
  routes,
  error: (kind: ErrorKind, message: string, extra: { model?: string }): VendorError => {
    const e = (code: string, msg: string, status = 200): VendorError => ({
      status,
      body: { Response: { Error: { Code: code, Message: msg }, RequestId: 'mock-request-id' } },
      headers: { 'Content-Type': JSON_TYPE },
      reason: msg,
    });
    switch (kind) {
      case 'auth':
        return e('AuthFailure.SignatureFailure', message || 'The provided credentials could not be validated. Please check your signature is correct.');
      case 'rate-limit':
        return e('RequestLimitExceeded', message || 'Your current request frequency has exceeded the limit.');
      case 'server-error':
        return e('InternalError', message || 'An internal error has occurred. Retry your request.');
      case 'model-not-found':
        return e('InvalidParameterValue.Model', message || `The model ${extra.model ?? 'unknown'} does not exist.`);
      default:
        return e(kind === 'not-found' ? 'InvalidAction' : 'InvalidParameter', message);
    }
  },
};

function send(c: Ctx, response: Record<string, unknown>): void {
  const text = JSON.stringify({ Response: { ...response, RequestId: `mock-${sha256(c.raw).toString('hex').slice(0, 16)}` } });
  c.res.writeHead(200, { 'Content-Type': JSON_TYPE, 'Content-Length': Buffer.byteLength(text) });
  c.res.end(text);
}

/** Tencent Cloud answers a bad request with HTTP 200 and Response.Error (the SDK raises it from there). */
function dispatch(c: Ctx): void {
  try {
    route(c);
  } catch (err) {
    if (!(err instanceof HttpError) || c.res.headersSent) throw err;
    const e = tencentCloud.error(err.status === 404 ? 'not-found' : 'bad-request', err.message, {});
    const text = JSON.stringify(e.body);
    c.res.writeHead(200, { 'Content-Type': JSON_TYPE, 'Content-Length': Buffer.byteLength(text) });
    c.res.end(text);
  }
}

function route(c: Ctx): void {
  const action = header(c, 'x-tc-action');
  if (!header(c, 'x-tc-version')) throw new HttpError(400, 'The parameter X-TC-Version is missing.');
  const body = c.json();
  if (action === 'ChatCompletions') return chat(c, body);
  if (action === 'GetEmbedding') return /^lkeap\./.test(c.host ?? '') ? lkeapEmbedding(c, body) : embedding(c, body);
  throw new HttpError(404, `The action ${action ?? '(none)'} does not exist.`);
}

function chat(c: Ctx, body: Record<string, unknown>): void {
  if (typeof body.Model !== 'string' || !body.Model) throw new HttpError(400, 'The parameter Model is missing.');
  const messages = body.Messages;
  if (!Array.isArray(messages) || messages.length === 0) throw new HttpError(400, 'The parameter Messages is missing.');
  let last = '';
  messages.forEach((m, i) => {
    const msg = m as Record<string, unknown>;
    if (!msg || typeof msg.Role !== 'string') throw new HttpError(400, `Messages[${i}].Role is missing.`);
    if (msg.Role === 'user') last = typeof msg.Content === 'string' ? msg.Content : partsText((msg.Contents as unknown[] | undefined)?.map((p) => ({ type: 'text', text: (p as { Text?: string }).Text ?? '' })));
  });
  const g = generate(last);
  const usage = { PromptTokens: g.promptTokens, CompletionTokens: g.completionTokens, TotalTokens: g.promptTokens + g.completionTokens };
  const id = sha256(`${body.Model}\n${last}`).toString('hex').slice(0, 32);
  const finish = g.finish === 'length' ? 'length' : 'stop';
  if (body.Stream !== true) {
    return send(c, { Id: id, Created: CREATED, Choices: [{ Index: 0, Message: { Role: 'assistant', Content: g.text }, FinishReason: finish }], Usage: usage, Note: 'model-plugin mock' });
  }
  c.res.writeHead(200, { 'Content-Type': 'text/event-stream' });
  g.pieces.forEach((p, i) => {
    const lastPiece = i === g.pieces.length - 1;
    const event = { Id: id, Created: CREATED, Choices: [{ Index: 0, Delta: { Role: 'assistant', Content: p }, FinishReason: lastPiece ? finish : '' }], Usage: usage, Note: 'model-plugin mock' };
    c.res.write(`data: ${JSON.stringify(event)}\n\n`);
  });
  c.res.end();
}

function embedding(c: Ctx, body: Record<string, unknown>): void {
  const inputs = Array.isArray(body.InputList) ? body.InputList : typeof body.Input === 'string' ? [body.Input] : undefined;
  if (!inputs || inputs.length === 0 || !inputs.every((t) => typeof t === 'string' && t)) throw new HttpError(400, 'The parameter Input or InputList is missing.');
  const tokens = (inputs as string[]).reduce((s, t) => s + countTokens(t), 0);
  send(c, {
    Data: (inputs as string[]).map((t, i) => ({ Embedding: embed(t, 1024), Index: i, Object: 'embedding' })),
    Usage: { PromptTokens: tokens, TotalTokens: tokens },
  });
}

/** LKEAP's GetEmbedding (lkeap.tencentcloudapi.com, 2024-05-22): `Model` and `Inputs`. */
function lkeapEmbedding(c: Ctx, body: Record<string, unknown>): void {
  if (typeof body.Model !== 'string' || !body.Model) throw new HttpError(400, 'The parameter Model is missing.');
  const inputs = body.Inputs;
  if (!Array.isArray(inputs) || inputs.length === 0 || !inputs.every((t) => typeof t === 'string' && t)) throw new HttpError(400, 'The parameter Inputs is missing.');
  const tokens = (inputs as string[]).reduce((s, t) => s + countTokens(t), 0);
  send(c, { Data: (inputs as string[]).map((t) => ({ Embedding: embed(t, 1024) })), Usage: { InputTokens: tokens, TotalTokens: tokens } });
}
