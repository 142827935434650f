// The built-in OpenAI-compatible upstream for `invoke --mock` and `model-plugin mock-server`: a real
// HTTP server on loopback answering every call the SDK's OAICompat* classes make (protocol
// reference §11), deterministically. Paths work with or without a `/v1` prefix.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpError, parseJsonObject, readBody, sendError, sendJson } from './http.js';
import { handleCompletion } from './chat.js';
import { handleEmbeddings } from './embeddings.js';
import { handleRerank } from './rerank.js';
import { handleSpeech, handleTranscription } from './audio-routes.js';
import { handleModerations } from './moderations.js';

export interface MockServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Called after each request (for the standalone server's log). Never given headers: they hold keys. */
  onRequest?: (entry: { method: string; path: string; status: number; ms: number }) => void;
}

export interface MockServer {
  port: number;
  /** Base URL to use as `endpoint_url`, e.g. http://127.0.0.1:41234/v1 */
  url: string;
  close(): Promise<void>;
}

export const MOCK_HOST = '127.0.0.1';

type Route = (req: IncomingMessage, body: Buffer, res: ServerResponse) => void;
const json =
  (handler: (body: Record<string, unknown>, res: ServerResponse) => void): Route =>
  (req, body, res) =>
    handler(parseJsonObject(body, req), res);

const ROUTES: Record<string, Route> = {
  '/chat/completions': json((b, r) => handleCompletion('chat', b, r)),
  '/completions': json((b, r) => handleCompletion('completion', b, r)),
  '/embeddings': json(handleEmbeddings),
  '/rerank': json(handleRerank),
  '/audio/speech': json(handleSpeech),
  '/audio/transcriptions': handleTranscription,
  '/moderations': json(handleModerations),
};

export const MOCK_MODELS = ['mock-chat', 'mock-embedding', 'mock-rerank', 'mock-tts', 'mock-speech2text', 'mock-moderation'];

export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const server = createServer((req, res) => {
    const started = performance.now();
    const path = routePath(req.url ?? '/');
    res.on('finish', () =>
      options.onRequest?.({ method: req.method ?? '?', path: req.url ?? '/', status: res.statusCode, ms: performance.now() - started }),
    );
    handle(req, res, path).catch((err: unknown) => {
      const httpErr = err instanceof HttpError ? err : new HttpError(500, `internal error: ${(err as Error)?.message ?? err}`);
      if (!res.headersSent) sendError(res, httpErr);
      else res.destroy();
    });
  });
  // Keep-alive connections would hold close() open; the SDK's requests session reuses nothing anyway.
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
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  if (path === '/models' && req.method === 'GET') {
    sendJson(res, 200, { object: 'list', data: MOCK_MODELS.map((id) => ({ id, object: 'model', created: 0, owned_by: 'model-plugin-mock' })) });
    return;
  }
  const route = ROUTES[path];
  if (!route) {
    throw new HttpError(404, `no such endpoint ${req.method} ${req.url}; the mock serves POST ${Object.keys(ROUTES).join(', ')} and GET /models (optionally under /v1)`);
  }
  if (req.method !== 'POST') throw new HttpError(405, `${path} takes POST, not ${req.method}`);
  const body = await readBody(req);
  route(req, body, res);
}

/** The path without query string and without a leading /v1. */
function routePath(url: string): string {
  const path = url.split('?')[0].replace(/\/+$/, '') || '/';
  return path.startsWith('/v1/') ? path.slice(3) : path;
}
