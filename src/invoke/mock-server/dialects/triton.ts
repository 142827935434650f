// NVIDIA Triton Inference Server's generate extension: POST /v2/models/{model}/generate and
// /generate_stream (SSE), plus the health and model metadata probes. No key (a local server);
// errors are `{"error": "…"}`.
import type { Ctx, Dialect, ErrorKind, Route, VendorError } from '../dialect.js';
import { bearer, HttpError } from '../dialect.js';
import { sendJson } from '../http.js';
import { generate } from '../text.js';

const modelParam = (c: Ctx) => decodeURIComponent(c.params[0]);
const routes: Route[] = [
  { method: 'POST', path: /\/v2\/models\/([^/]+)(?:\/versions\/\d+)?\/generate$/, model: modelParam, handle: (c) => generateRoute(c, false) },
  { method: 'POST', path: /\/v2\/models\/([^/]+)(?:\/versions\/\d+)?\/generate_stream$/, model: modelParam, handle: (c) => generateRoute(c, true) },
  { method: 'GET', path: /\/v2\/health\/(?:ready|live)$/, public: true, handle: (c) => sendJson(c.res, 200, {}) },
  { method: 'GET', path: /\/v2\/models\/([^/]+)\/ready$/, public: true, model: modelParam, handle: (c) => sendJson(c.res, 200, {}) },
  { method: 'GET', path: /\/v2\/models\/([^/]+)$/, model: modelParam, handle: (c) => sendJson(c.res, 200, { name: modelParam(c), versions: ['1'], platform: 'ensemble', inputs: [{ name: 'text_input', datatype: 'BYTES', shape: [-1] }], outputs: [{ name: 'text_output', datatype: 'BYTES', shape: [-1] }] }) },
];

export const triton: Dialect = {
  name: 'triton',
  title: 'Triton Inference Server generate extension',
  hosts: [],
  providers: ['triton_inference_server'],
  keyRequired: false,
  key: bearer,
  routes,
  error: tritonError,
};

export function tritonError(kind: ErrorKind, message: string, extra: { model?: string }): VendorError {
  const e = (status: number, msg: string): VendorError => ({ status, body: { error: msg }, reason: msg });
  switch (kind) {
    case 'auth':
      return e(401, message || 'This API is restricted, expecting header \'Authorization\'');
    case 'rate-limit':
      return e(429, message || 'Exceeds maximum queue size');
    case 'server-error':
      return e(500, message || 'in ensemble \'ensemble\', Failed to process the request(s) for model instance \'postprocessing_0_0\', message: internal error');
    case 'model-not-found':
      return e(400, message || `Request for unknown model: '${extra.model ?? 'unknown'}' is not found`);
    default:
      return e(kind === 'not-found' ? 404 : 400, message);
  }
}

function generateRoute(c: Ctx, stream: boolean): void {
  const body = c.json();
  const input = body.text_input;
  if (typeof input !== 'string') throw new HttpError(400, "failed to parse the request JSON buffer: missing input 'text_input'");
  const max = typeof body.max_tokens === 'number' ? body.max_tokens : undefined;
  const g = generate(input, max);
  const name = modelParam(c);
  if (!stream) return sendJson(c.res, 200, { model_name: name, model_version: '1', text_output: g.text });
  c.res.writeHead(200, { 'Content-Type': 'text/event-stream' });
  for (const p of g.pieces) c.res.write(`data: ${JSON.stringify({ model_name: name, model_version: '1', text_output: p })}\n\n`);
  c.res.end();
}
