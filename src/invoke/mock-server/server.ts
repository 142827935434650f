// The built-in upstream for `invoke --mock` and `model-plugin mock-server`: a real HTTP server on
// loopback that speaks the provider APIs plugins call (one dialect module each), deterministically
// and as strictly as the real ones (keys, model names, error shapes). A request reaches a dialect
// by the upstream host the plugin named (header `x-mock-upstream: <scheme>://<host>[:<port>]`,
// added by the CLI's proxy) or, for a direct call, by its path.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpError, readBody, sendJson } from './http.js';
import type { Ctx, Dialect, MockSettings, Route, VendorError } from './dialect.js';
import { jsonOf } from './dialect.js';
import { DIALECTS, dialectByName } from './dialects/index.js';
import { MALFORMED_BODY, TIMEOUT_HOLD_MS, type FaultKind } from './faults.js';
import { MOCK_MODELS } from './models.js';
import { splitTypePrefix } from './type-prefix.js';
import { isGrpcRequest, serveGrpc } from './grpc/serve.js';

export { MOCK_MODELS };

export interface RequestLogEntry {
  method: string;
  /** The upstream host the plugin called, or the mock's own address for a direct call. */
  host: string;
  /** Path and query as received, without the /mock-type=<type> prefix. */
  path: string;
  /** The model type that prefix named, when the request had one. */
  modelType?: string;
  /** The dialect that answered, or null when none serves the request. */
  dialect: string | null;
  served: boolean;
  status: number;
  ms: number;
  /** The fault injected, when --mock-fault is on. */
  fault?: FaultKind;
  /** The human-readable reason of the fault's error body (a plugin's error should carry it). */
  reason?: string;
  /** A gRPC call's status (grpc-status trailer: 0 OK, 5 NOT_FOUND, 12 UNIMPLEMENTED, 16 UNAUTHENTICATED, …). */
  grpcStatus?: number;
}

export interface MockServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Called after each request. Never given headers or bodies: they hold keys. */
  onRequest?: (entry: RequestLogEntry) => void;
  /** Model names the mock knows; others get the vendor's "model not found". Default: any. */
  models?: string[];
  /** TTS voices accepted besides each vendor's own (the plugin's model YAMLs). Default: any. */
  voices?: string[];
  /** Serve direct calls with this dialect only (`mock-server --dialect`). */
  dialect?: string;
  /** The plugin's provider name: the dialect of that provider gets direct calls first. */
  provider?: string;
  /** Whether a direct call without a key is refused (default: as the dialect's real API does). */
  requireKey?: boolean;
  /** Answer every served request with this fault. */
  fault?: FaultKind;
  /** How long the timeout fault holds a request (ms). */
  faultHoldMs?: number;
}

export interface MockServer {
  port: number;
  /** Base URL to use as `endpoint_url`, e.g. http://127.0.0.1:41234/v1 */
  url: string;
  /** The server's origin, e.g. http://127.0.0.1:41234 */
  origin: string;
  /** Adds model names to the allow-list (no effect when the mock takes any name). */
  allowModels(names: string[]): void;
  close(): Promise<void>;
}

export const MOCK_HOST = '127.0.0.1';
export const UPSTREAM_HEADER = 'x-mock-upstream';

export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const only = options.dialect === undefined ? undefined : dialectByName(options.dialect);
  if (options.dialect !== undefined && !only) throw new Error(`unknown dialect ${options.dialect}`);
  const settings: MockSettings = {
    models: options.models ? new Set(options.models) : undefined,
    voices: options.voices ? new Set(options.voices) : undefined,
    hint: only?.name ?? DIALECTS.find((d) => options.provider !== undefined && d.providers.includes(options.provider))?.name,
  };
  const held = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    const started = performance.now();
    const entry: RequestLogEntry = { method: req.method ?? '?', host: '', path: req.url ?? '/', dialect: null, served: false, status: 0, ms: 0 };
    const log = () => {
      entry.status = res.writableFinished ? res.statusCode : 0; // 0: closed without an answer
      entry.ms = performance.now() - started;
      options.onRequest?.(entry);
    };
    res.on('finish', log);
    res.on('close', () => {
      if (!res.writableFinished) log(); // closed without an answer (the timeout fault)
    });
    handle(req, res, entry, { options, settings, only, held }).catch((err: unknown) => {
      const status = err instanceof HttpError ? err.status : 500;
      const message = err instanceof HttpError ? err.message : `model-plugin mock: internal error: ${(err as Error)?.message ?? err}`;
      if (!res.headersSent) sendJson(res, status, { error: { message, type: status === 413 ? 'request_too_large' : 'invalid_request_error', param: null, code: null } });
      else res.destroy();
    });
  });
  // Keep-alive connections would hold close() open.
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, MOCK_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let closed: Promise<void> | undefined;
  return {
    port,
    url: `http://${MOCK_HOST}:${port}/v1`,
    origin: `http://${MOCK_HOST}:${port}`,
    allowModels(names) {
      for (const n of names) settings.models?.add(n);
    },
    close() {
      closed ??= new Promise<void>((resolve) => {
        for (const t of held) clearTimeout(t);
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

interface State {
  options: MockServerOptions;
  settings: MockSettings;
  only: Dialect | undefined;
  held: Set<NodeJS.Timeout>;
}

async function handle(req: IncomingMessage, res: ServerResponse, entry: RequestLogEntry, state: State): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://mock');
  const typed = splitTypePrefix(url.pathname);
  if (typed) {
    entry.modelType = typed.type;
    entry.path = `${typed.rest}${url.search}`;
  }
  const path = (typed?.rest ?? url.pathname).replace(/\/+$/, '') || '/';
  const upstream = upstreamHost(req);
  entry.host = upstream?.host ?? `${MOCK_HOST}:${(req.socket.localPort ?? 0).toString()}`;
  const raw = await readBody(req);
  const ctxOf = (r: ServerResponse, method: string, p: string, query: URLSearchParams, body: Buffer): Ctx => ({
    req,
    res: r,
    method,
    path: p,
    modelType: typed?.type ?? null,
    query,
    // A loopback upstream is the plugin calling the mock's own URL: a direct call.
    host: upstream && !isLocalHost(upstream.hostname) ? upstream.host : null,
    byHost: false,
    raw: body,
    params: [],
    json: jsonOf(req, body),
    settings: state.settings,
  });

  if (isGrpcRequest(req)) {
    // gRPC (Vertex AI's PredictionService): served by the REST route the method maps to.
    await serveGrpc({
      req,
      res,
      raw,
      host: upstream?.host ?? null,
      malformed: state.options.fault === 'malformed',
      run: (call, capture) =>
        dispatch(ctxOf(capture, call.method, call.path.replace(/\/+$/, ''), new URLSearchParams(), call.body ? Buffer.from(JSON.stringify(call.body)) : Buffer.alloc(0)), entry, state, upstream),
      onStatus: (code, served) => {
        entry.grpcStatus = code;
        entry.served = served;
      },
    });
    return;
  }

  const ctx = ctxOf(res, (req.method ?? 'GET').toUpperCase(), path, url.searchParams, raw);
  const outcome = await dispatch(ctx, entry, state, upstream);
  if (!outcome.served) {
    const what = `${ctx.method} ${upstream ? upstream.host : ''}${path}`;
    sendJson(res, 404, {
      error: { message: `model-plugin mock: no dialect serves ${what}`, type: 'not_found', method: ctx.method, host: upstream?.host ?? null, path },
    });
  }
}

/** Routes a request to its dialect and answers it (fault, key, model checks, then the route). */
async function dispatch(ctx: Ctx, entry: RequestLogEntry, state: State, upstream: { host: string; hostname: string } | null): Promise<{ served: boolean; model?: string }> {
  const { options } = state;
  const res = ctx.res;
  const found = pick(ctx, upstream?.hostname ?? null, state);
  if (!found) return { served: false };
  const { dialect, route, params } = found;
  ctx.params = params;
  entry.dialect = dialect.name;
  entry.served = true;
  const model = route.model?.(ctx);

  if (options.fault) {
    entry.fault = options.fault;
    entry.reason = await answerFault(ctx, dialect, model, options.fault, state);
    return { served: true, model };
  }
  try {
    const cloud = upstream !== null && !isLocalHost(upstream.hostname);
    const keyRequired = cloud ? dialect.keyRequired : (options.requireKey ?? dialect.keyRequired);
    if (keyRequired && !route.public) {
      const key = dialect.key(ctx);
      if (!key || !key.trim() || key === 'None') {
        const missing = typeof dialect.missingKey === 'function' ? dialect.missingKey(ctx) : dialect.missingKey;
        send(res, dialect.error('auth', missing ?? '', { model }));
        return { served: true, model };
      }
    }
    if (model !== undefined && !knownModel(state.settings, model)) {
      send(res, dialect.error('model-not-found', '', { model, host: ctx.host, path: ctx.path }));
      return { served: true, model };
    }
    await route.handle(ctx);
  } catch (err) {
    if (!(err instanceof HttpError) || res.headersSent) throw err;
    send(res, dialect.error(err.status === 404 ? 'not-found' : 'bad-request', err.message, { model, param: err.param }), err.status);
  }
  return { served: true, model };
}

function send(res: ServerResponse, e: VendorError, status = e.status): void {
  const text = typeof e.body === 'string' ? e.body : JSON.stringify(e.body);
  const type = typeof e.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json';
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text), ...e.headers });
  res.end(text);
}

/** Answers with the fault; returns the reason its body gives, if any. */
async function answerFault(ctx: Ctx, dialect: Dialect, model: string | undefined, fault: FaultKind, state: State): Promise<string | undefined> {
  const res = ctx.res;
  if (fault === 'timeout') {
    // Hold the request, then close the connection without an answer: the client sees its read
    // timeout (when shorter) or a connection closed without a response.
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        state.held.delete(t);
        resolve();
      }, state.options.faultHoldMs ?? TIMEOUT_HOLD_MS);
      state.held.add(t);
    });
    ctx.req.socket.destroy();
    return undefined;
  }
  if (fault === 'malformed') {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(MALFORMED_BODY) });
    res.end(MALFORMED_BODY);
    return undefined;
  }
  const e = dialect.error(fault, '', { model: model ?? 'mock-model', host: ctx.host, path: ctx.path });
  send(res, e);
  return e.reason;
}

/** Picks the dialect and route: by upstream host first, then by path (direct calls). */
function pick(ctx: Ctx, hostname: string | null, state: State): { dialect: Dialect; route: Route; params: string[] } | undefined {
  const tryDialects = (list: Dialect[], byHost = false) => {
    ctx.byHost = byHost;
    for (const dialect of list) {
      for (const route of dialect.routes) {
        if (route.method !== ctx.method && !(ctx.method === 'HEAD' && route.method === 'GET')) continue;
        const m = route.path.exec(ctx.path);
        if (!m) continue;
        ctx.params = m.slice(1);
        if (route.accepts && !route.accepts(ctx)) continue;
        return { dialect, route, params: m.slice(1) };
      }
    }
    return undefined;
  };
  if (hostname && !isLocalHost(hostname)) {
    const byHost = DIALECTS.filter((d) => d.hosts.some((h) => (typeof h === 'string' ? h === hostname : h.test(hostname))));
    const found = tryDialects(byHost, true);
    if (found) return found;
    // A vendor host the dialect does not serve on this path: its OpenAI-compatible endpoints
    // (DashScope's compatible-mode, Gemini's /openai/) and unknown hosts fall through to paths.
  }
  if (state.only) return tryDialects([state.only]);
  const preferred = state.options.provider ? DIALECTS.filter((d) => d.providers.includes(state.options.provider!)) : [];
  return tryDialects([...preferred, ...DIALECTS.filter((d) => !preferred.includes(d))]);
}

/**
 * Whether the allow-list holds the model. Case is ignored: plugins' model YAMLs often spell in
 * lower case a name the code sends in the vendor's casing (minimax-m3 → MiniMax-M3).
 */
function knownModel(settings: MockSettings, model: string): boolean {
  if (!settings.models || settings.models.has(model)) return true;
  const lower = model.toLowerCase();
  for (const m of settings.models) if (m.toLowerCase() === lower) return true;
  return false;
}

function upstreamHost(req: IncomingMessage): { host: string; hostname: string } | null {
  const value = req.headers[UPSTREAM_HEADER];
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return null;
  try {
    const u = new URL(text.includes('://') ? text : `http://${text}`);
    return { host: u.host, hostname: u.hostname.toLowerCase() };
  } catch {
    return null;
  }
}

function isLocalHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || hostname === '::1' || /^127\./.test(hostname) || hostname === '0.0.0.0';
}
