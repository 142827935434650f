// What a dialect is: one provider API the mock speaks (routes, request checks, deterministic
// answers) and the shape of its errors. The server picks a dialect by the upstream host the
// plugin named (the `x-mock-upstream` header the CLI's proxy adds), else by the path.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, parseJsonObject } from './http.js';

/** Why the mock refuses a request; each dialect answers it in its vendor's shape. */
export type ErrorKind = 'auth' | 'rate-limit' | 'server-error' | 'model-not-found' | 'bad-request' | 'not-found' | 'malformed';

export interface VendorError {
  status: number;
  /** A JSON value, or a string sent as is. */
  body: unknown;
  headers?: Record<string, string>;
  /** The human-readable reason in the body (a plugin's error should carry it). */
  reason?: string;
}

export interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  /** Path without the query string and without trailing slashes (and without a /mock-type= prefix). */
  path: string;
  /** The model type the URL's /mock-type=<type> prefix named (see type-prefix.ts), if any. */
  modelType: string | null;
  query: URLSearchParams;
  /** The upstream host the plugin called (from x-mock-upstream), or null for a direct call. */
  host: string | null;
  /** Whether the dialect being tried was chosen by that host (one of its `hosts`), not by path. */
  byHost: boolean;
  raw: Buffer;
  /** Groups captured by the route's pattern. */
  params: string[];
  /** The JSON object body (parsed once; a 400 in the dialect's shape when it is not one). */
  json(): Record<string, unknown>;
  settings: MockSettings;
}

/** What the run told the mock about the plugin. */
export interface MockSettings {
  /** Models the mock knows; undefined: any model name is served. */
  models: Set<string> | undefined;
  /** TTS voices accepted besides the vendor's own (the plugin's voices); undefined: any voice. */
  voices: Set<string> | undefined;
  /** The dialect direct calls are meant for (`--dialect`, or the plugin's provider), if any. */
  hint: string | undefined;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Matched against the whole path; most patterns match a suffix, so base paths may vary. */
  path: RegExp;
  /** For paths two dialects share: whether this request's body is this dialect's shape. */
  accepts?: (ctx: Ctx) => boolean;
  /** The model the request names (checked against the allow-list), when it names one. */
  model?: (ctx: Ctx) => string | undefined;
  /** Health and info probes answer without a key. */
  public?: boolean;
  handle: (ctx: Ctx) => void | Promise<void>;
}

export interface Dialect {
  name: string;
  /** One line for `mock-server --help` and the README. */
  title: string;
  /** Upstream hosts this dialect serves (exact names or patterns). */
  hosts: (string | RegExp)[];
  /** Provider names (Dify plugin providers) whose direct calls this dialect serves first. */
  providers: string[];
  /** Whether the real API refuses a request without a key (cloud APIs do; local servers do not). */
  keyRequired: boolean;
  /** The key the request carries, in this API's way of sending it. */
  key: (ctx: Ctx) => string | undefined;
  /** The real API's message for a request without a key (default: its invalid-key message); by host when it differs. */
  missingKey?: string | ((ctx: Ctx) => string);
  routes: Route[];
  /** `host` and `path`: the request's (ctx.host, ctx.path), for vendors whose errors name the resource. */
  error: (kind: ErrorKind, message: string, extra: { model?: string; param?: string | null; host?: string | null; path?: string }) => VendorError;
}

export function bearer(ctx: Ctx): string | undefined {
  const h = ctx.req.headers.authorization;
  if (typeof h !== 'string') return undefined;
  const m = /^Bearer(?:\s+(.*))?$/i.exec(h.trim());
  return m ? (m[1] ?? '').trim() : h.trim();
}

export function header(ctx: Ctx, name: string): string | undefined {
  const v = ctx.req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Builds the lazily parsed JSON accessor of a context. */
export function jsonOf(req: IncomingMessage, raw: Buffer): () => Record<string, unknown> {
  let parsed: Record<string, unknown> | undefined;
  return () => (parsed ??= parseJsonObject(raw, req));
}

export function bodyModel(key = 'model') {
  return (ctx: Ctx): string | undefined => {
    try {
      const v = ctx.json()[key];
      return typeof v === 'string' ? v : undefined;
    } catch {
      return undefined;
    }
  };
}

/** The JSON body when it is one, else undefined (for `accepts` checks, which must not throw). */
export function peekJson(ctx: Ctx): Record<string, unknown> | undefined {
  try {
    return ctx.json();
  } catch {
    return undefined;
  }
}

export { HttpError };
