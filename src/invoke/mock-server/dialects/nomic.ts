// Nomic Atlas (the `nomic` SDK): a key that is not an `nk-` API key is a refresh token, exchanged
// at GET /v1/user/token/refresh/{token} for a JWT access token; then GET /v1/user and POST
// /v1/embedding/text (`texts`, `task_type`, `dimensionality`). Errors are FastAPI's `{"detail": …}`.
import type { Ctx, Dialect, ErrorKind, Route, VendorError } from '../dialect.js';
import { bearer, bodyModel, HttpError } from '../dialect.js';
import { optionalInt, requireString, sendJson } from '../http.js';
import { countTokens, embed, sha256 } from '../deterministic.js';

const TASK_TYPES = ['search_query', 'search_document', 'classification', 'clustering'];
const LONG_TEXT_MODES = ['truncate', 'mean'];
/** Native output sizes; Matryoshka models take a smaller `dimensionality`. */
const DIMENSIONS: Record<string, number> = { 'nomic-embed-text-v1': 768, 'nomic-embed-text-v1.5': 768, 'nomic-embed-text-v2': 768 };

const routes: Route[] = [
  { method: 'GET', path: /^\/v1\/user\/token\/refresh\/([^/]+)$/, public: true, handle: refresh },
  { method: 'GET', path: /^\/v1\/user$/, handle: user },
  { method: 'POST', path: /^\/v1\/embedding\/text$/, model: bodyModel(), handle: embedText },
];

export const nomic: Dialect = {
  name: 'nomic',
  title: 'Nomic Atlas embeddings (token refresh, /v1/embedding/text)',
  hosts: ['api-atlas.nomic.ai', 'staging-api-atlas.nomic.ai'],
  providers: ['nomic'],
  keyRequired: true,
  key: bearer,
  missingKey: 'Not authenticated',
  routes,
  error: (kind: ErrorKind, message: string, extra: { model?: string }): VendorError => {
    const e = (status: number, msg: string): VendorError => ({ status, body: { detail: msg }, reason: msg });
    switch (kind) {
      case 'auth':
        return e(401, message || 'Could not validate credentials');
      case 'rate-limit':
        return e(429, message || 'Rate limit exceeded');
      case 'server-error':
        return e(500, message || 'Internal Server Error');
      case 'model-not-found':
        return e(400, message || `Invalid model: ${extra.model ?? 'unknown'}`);
      default:
        return e(kind === 'not-found' ? 404 : 422, message);
    }
  },
};

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An access token shaped like Nomic's (a JWT the SDK decodes without checking the signature). */
function accessToken(refreshToken: string): string {
  const head = b64url({ alg: 'HS256', typ: 'JWT' });
  // Fixed far-future expiry: the SDK refreshes when `exp` has passed, and answers stay stable.
  const body = b64url({ sub: `mock|${sha256(refreshToken).toString('hex').slice(0, 12)}`, exp: 4102444800, iat: 1735689600 });
  return `${head}.${body}.${sha256(`${head}.${body}`).toString('base64url')}`;
}

function refresh(c: Ctx): void {
  const token = decodeURIComponent(c.params[0]).trim();
  if (!token || token === 'None') throw new HttpError(401, 'Could not validate credentials');
  sendJson(c.res, 200, { access_token: accessToken(token), token_type: 'bearer' });
}

function user(c: Ctx): void {
  sendJson(c.res, 200, { id: 'mock-user', nickname: 'model-plugin mock', organizations: [] });
}

function embedText(c: Ctx): void {
  const body = c.json();
  const model = requireString(body, 'model');
  const texts = body.texts;
  if (!Array.isArray(texts) || texts.length === 0 || !texts.every((t) => typeof t === 'string')) {
    throw new HttpError(422, 'texts: field required (a non-empty list of strings)');
  }
  const taskType = body.task_type ?? 'search_document';
  if (typeof taskType !== 'string' || !TASK_TYPES.includes(taskType)) throw new HttpError(422, `task_type: must be one of ${TASK_TYPES.join(', ')}`);
  const mode = body.long_text_mode ?? 'truncate';
  if (typeof mode !== 'string' || !LONG_TEXT_MODES.includes(mode)) throw new HttpError(422, `long_text_mode: must be one of ${LONG_TEXT_MODES.join(', ')}`);
  const native = DIMENSIONS[model] ?? 768;
  const dims = optionalInt(body, 'dimensionality', 1, native) ?? native;
  const tokens = (texts as string[]).reduce((s, t) => s + countTokens(t), 0);
  sendJson(c.res, 200, {
    embeddings: (texts as string[]).map((t) => embed(`${taskType}: ${t}`, dims)),
    usage: { prompt_tokens: tokens, total_tokens: tokens },
    model,
    inference_mode: 'remote',
  });
}
