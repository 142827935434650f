// Xorbits Inference's native endpoints: model descriptions (GET /v1/models/{uid}, which plugins
// read to learn a model's type and abilities) and cluster auth (GET /v1/cluster/auth, POST
// /token). Its OpenAI-compatible endpoints are the openai dialect; its /v1/rerank the Dify-style
// rerank. Errors are FastAPI's `{"detail": …}`.
import type { Ctx, Dialect, ErrorKind, Route, VendorError } from '../dialect.js';
import { bearer } from '../dialect.js';
import { sendJson } from '../http.js';

function describe(uid: string) {
  const type = /rerank/i.test(uid) ? 'rerank' : /embed|bge|e5|gte/i.test(uid) ? 'embedding' : /whisper|sensevoice|paraformer/i.test(uid) ? 'audio' : /tts|cosyvoice|chattts/i.test(uid) ? 'audio' : 'LLM';
  return {
    model_type: type,
    address: '127.0.0.1:0',
    accelerators: ['0'],
    model_name: uid,
    model_lang: ['en', 'zh'],
    model_ability: type === 'LLM' ? ['generate', 'chat'] : type === 'audio' ? (/tts|cosyvoice|chattts/i.test(uid) ? ['text-to-audio'] : ['audio-to-text']) : [],
    model_description: 'model-plugin mock model',
    model_format: 'pytorch',
    model_size_in_billions: 7,
    quantization: 'none',
    model_hub: 'huggingface',
    revision: null,
    context_length: 8192,
    dimensions: type === 'embedding' ? 768 : undefined,
    max_tokens: 512,
    replica: 1,
  };
}

const routes: Route[] = [
  { method: 'GET', path: /\/v1\/cluster\/auth$/, public: true, handle: (c) => sendJson(c.res, 200, false) },
  { method: 'POST', path: /\/token$/, accepts: (c) => /x-www-form-urlencoded/.test(String(c.req.headers['content-type'])), public: true, handle: (c) => sendJson(c.res, 200, { access_token: 'mock-xinference-token', token_type: 'bearer' }) },
  {
    method: 'GET',
    path: /\/v1\/models\/([^/]+)$/,
    accepts: (c) => c.settings.hint === 'xinference',
    model: (c) => decodeURIComponent(c.params[0]),
    handle: (c: Ctx) => sendJson(c.res, 200, describe(decodeURIComponent(c.params[0]))),
  },
  {
    method: 'GET',
    path: /\/v1\/models$/,
    accepts: (c) => c.settings.hint === 'xinference',
    handle: (c: Ctx) => sendJson(c.res, 200, { object: 'list', data: [...(c.settings.models ?? [])].map((id) => ({ id, object: 'model', created: 0, owned_by: 'xinference', ...describe(id) })) }),
  },
];

export const xinference: Dialect = {
  name: 'xinference',
  title: 'Xorbits Inference native endpoints',
  hosts: [],
  providers: ['xinference'],
  keyRequired: false,
  key: bearer,
  routes,
  error: (kind: ErrorKind, message: string, extra: { model?: string }): VendorError => {
    const e = (status: number, msg: string): VendorError => ({ status, body: { detail: msg }, reason: msg });
    switch (kind) {
      case 'auth':
        return e(401, message || 'Invalid token');
      case 'rate-limit':
        return e(429, message || 'Rate limit reached');
      case 'server-error':
        return e(500, message || 'Internal server error');
      case 'model-not-found':
        return e(400, message || `Model not found in the model list, uid: ${extra.model ?? 'unknown'}`);
      default:
        return e(kind === 'not-found' ? 404 : 400, message);
    }
  },
};
