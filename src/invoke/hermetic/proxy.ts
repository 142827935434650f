// The hermetic side of `invoke --mock` (issue 7 §3): an HTTP(S) proxy inside the CLI that the
// plugin is started behind. Every request it gets, plain HTTP or HTTPS decrypted with the run's CA,
// goes to the mock server on 127.0.0.1, with the original target in `x-mock-upstream`; it never
// opens a connection anywhere else, so nothing the plugin sends leaves the machine.
//
// Contract with the mock server: `x-mock-upstream: <scheme>://<host>[:<port>]` on each forwarded
// request; the mock answers a request that no dialect serves with a 404 whose body says so ("no
// dialect serves", or the older "no such endpoint"), or marks it with an `x-mock-unserved` header.
// The proxy keeps its own log of what it forwarded.
//
// A TLS client that offers ALPN `h2` (grpcio always does) gets HTTP/2: its requests are forwarded
// the same way, as HTTP/1.1 to the mock, and the mock's HTTP/1.1 trailers (gRPC's grpc-status and
// grpc-message) go back as HTTP/2 trailers. So gRPC calls (Vertex AI's PredictionService) reach the
// mock like any other request, and each shows in the log with its gRPC status.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttp2Server, type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duplex } from 'node:stream';
import { TLSSocket, createSecureContext, type SecureContext } from 'node:tls';
import { createRunCa, type RunCa } from './ca.js';
import { writeDnsGuard } from './dns-guard.js';
export { createRunCa } from './ca.js';

export const UPSTREAM_HEADER = 'x-mock-upstream';
export const UNSERVED_HEADER = 'x-mock-unserved';
/** The model a gRPC request named, which the proxy cannot read from protobuf itself. */
const MODEL_HEADER = 'x-mock-model';
/** Headers HTTP/2 forbids in a response (RFC 9113 §8.2.2). */
const CONNECTION_HEADERS = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'http2-settings']);

/** One request the plugin made, as the proxy forwarded it. Its JSON form is public (--format json). */
export interface ProxiedRequest {
  method: string;
  /** scheme://host[:port]/path; the query string is cut (it can carry keys) and shown as "?…". */
  url: string;
  /** The mock's status; 0 when the mock could not be reached. */
  status: number;
  ms: number;
  /** The `model` the request named (JSON body or multipart field), when there was one. */
  model?: string;
  /** The mock serves no such call: the plugin would get an error it never gets from the real API. */
  unserved: boolean;
  /** HTTP/2 (ALPN h2) rather than HTTP/1.x. */
  http2?: boolean;
  /** A gRPC call's status (its grpc-status trailer): 0 OK, 5 NOT_FOUND, 12 UNIMPLEMENTED, 16 UNAUTHENTICATED, … */
  grpcStatus?: number;
  /** Why the connection failed before any request could be read (e.g. the TLS handshake). */
  error?: string;
}

export interface HermeticProxy {
  /** http://127.0.0.1:<port> */
  url: string;
  /** Where the run's CA certificate is (removed at close). */
  caFile: string;
  /** The variables the plugin is started with (proxy and CA trust); NO_PROXY/no_proxy are to be removed. */
  env: Record<string, string>;
  /** Every request so far, in the order they started. */
  requests: ProxiedRequest[];
  close(): Promise<void>;
}

/** Variables that would let a request bypass the proxy or trust other roots: removed from the plugin's environment. */
export const REMOVED_ENV = ['NO_PROXY', 'no_proxy', 'SSL_CERT_DIR'];

interface Upstream {
  scheme: 'http' | 'https';
  host: string;
  port: number;
}

const upstreams = new WeakMap<Socket, Upstream>();
const MAX_SNIFF_BYTES = 256 * 1024;

/** `ca`: the run's CA, when its making (two RSA keys) was started earlier, in parallel with other work. */
/**
 * `mockPort` may be a promise: an early-launched plugin (early-launch.ts) is started with the
 * proxy's address before the mock runs; it sends nothing before it is ready and asked.
 */
export async function startHermeticProxy(mockPort: number | Promise<number>, ca: Promise<RunCa> | RunCa = createRunCa()): Promise<HermeticProxy> {
  const runCa = await ca;
  return listen(mockPort, runCa);
}

async function listen(mockPortGiven: number | Promise<number>, ca: RunCa): Promise<HermeticProxy> {
  let mockPort = typeof mockPortGiven === 'number' ? mockPortGiven : 0;
  const mockReady = Promise.resolve(mockPortGiven).then((port) => {
    mockPort = port;
  });
  mockReady.catch(() => {});
  const dir = mkdtempSync(join(tmpdir(), 'model-plugin-ca-')); // mode 0700
  const caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, ca.certPem, { mode: 0o600 });
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', removeDir); // also on a hard exit path (Ctrl-C handler calls process.exit)

  const requests: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();
  const contexts = new Map<string, SecureContext>();
  const contextFor = (host: string): SecureContext => {
    let ctx = contexts.get(host);
    if (!ctx) {
      const { cert, key } = ca.leaf(host);
      ctx = createSecureContext({ cert, key });
      contexts.set(host, ctx);
    }
    return ctx;
  };

  const forward = (req: IncomingMessage | Http2ServerRequest, res: ServerResponse | Http2ServerResponse, target: Upstream, pathAndQuery: string): void => {
    if (mockPort === 0) {
      void mockReady.then(() => forward(req, res, target, pathAndQuery), () => res.destroy());
      return;
    }
    const started = performance.now();
    const origin = originOf(target);
    const [path, query] = splitQuery(pathAndQuery);
    const h2 = req.httpVersionMajor === 2;
    const entry: ProxiedRequest = { method: req.method ?? 'GET', url: `${origin}${path}${query ? '?…' : ''}`, status: 0, ms: 0, unserved: false };
    if (h2) entry.http2 = true;
    requests.push(entry);
    const headers: Record<string, string | string[] | undefined> = { ...req.headers, [UPSTREAM_HEADER]: origin };
    delete headers['proxy-connection'];
    delete headers['proxy-authorization'];
    if (h2) {
      // HTTP/2's pseudo-headers are not HTTP/1.1 headers; :authority is the Host.
      for (const name of Object.keys(headers)) if (name.startsWith(':')) delete headers[name];
      headers.host = String(req.headers[':authority'] ?? target.host);
    }
    const sniff: Buffer[] = [];
    let sniffed = 0;
    req.on('data', (chunk: Buffer) => {
      if (sniffed < MAX_SNIFF_BYTES) sniff.push(chunk);
      sniffed += chunk.length;
    });
    req.on('end', () => {
      const model = modelOf(Buffer.concat(sniff), String(req.headers['content-type'] ?? ''));
      if (model) entry.model = model;
    });
    const up = httpRequest({ host: '127.0.0.1', port: mockPort, method: req.method, path: pathAndQuery, headers }, (upRes) => {
      entry.status = upRes.statusCode ?? 0;
      entry.unserved = upRes.headers[UNSERVED_HEADER] !== undefined;
      // A 404 is "not served" when the mock says so in its body (a served route's 404, e.g. an
      // unknown model, is the vendor's answer and not a gap of the mock).
      const body: Buffer[] = [];
      if (entry.status === 404 || entry.status === 501) upRes.on('data', (c: Buffer) => body.length < 8 && body.push(c));
      const model = upRes.headers[MODEL_HEADER];
      if (typeof model === 'string') entry.model = model;
      const grpcStatus = (trailers: Record<string, unknown>) => {
        const v = Number(trailers['grpc-status']);
        if (trailers['grpc-status'] !== undefined && Number.isInteger(v)) entry.grpcStatus = v;
      };
      grpcStatus(upRes.headers);
      if (h2) {
        const out: OutgoingHttpHeaders = {};
        for (const [name, value] of Object.entries(upRes.headers)) if (!CONNECTION_HEADERS.has(name) && !name.startsWith('x-mock-') && value !== undefined) out[name] = value;
        (res as Http2ServerResponse).writeHead(upRes.statusCode ?? 502, out);
        // Registered before pipe(), so the trailers are set before pipe ends the response.
        upRes.on('end', () => {
          grpcStatus(upRes.trailers);
          if (Object.keys(upRes.trailers).length > 0) (res as Http2ServerResponse).addTrailers(upRes.trailers);
        });
      } else (res as ServerResponse).writeHead(upRes.statusCode ?? 502, upRes.headers);
      upRes.pipe(res as NodeJS.WritableStream);
      upRes.on('end', () => {
        entry.ms = Math.round(performance.now() - started);
        if (body.length > 0 && /no dialect serves|no such endpoint|does not serve/.test(Buffer.concat(body).toString('utf8'))) entry.unserved = true;
      });
    });
    up.on('error', (err) => {
      entry.ms = Math.round(performance.now() - started);
      entry.unserved = true;
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`model-plugin hermetic proxy: the mock server did not answer (${err.message})`);
      } else if (h2) (res as Http2ServerResponse).stream.close(0x2); // INTERNAL_ERROR: the client sees a reset stream
      else (res as ServerResponse).destroy();
    });
    req.pipe(up);
  };

  // Decrypted HTTPS (and plain HTTP sent through a CONNECT tunnel): the target is the tunnel's.
  const inner = createServer((req, res) => {
    const target = upstreams.get(req.socket);
    if (!target) {
      res.writeHead(500).end();
      return;
    }
    forward(req, res, target, req.url ?? '/');
  });

  // Plain HTTP proxy requests carry the absolute URL.
  const outer: Server = createServer((req, res) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '');
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end('model-plugin hermetic proxy: send proxy requests with an absolute http:// URL');
      return;
    }
    const scheme = url.protocol === 'https:' ? 'https' : 'http';
    const port = url.port ? Number(url.port) : scheme === 'https' ? 443 : 80;
    forward(req, res, { scheme, host: url.hostname.replace(/^\[|\]$/g, ''), port }, `${url.pathname}${url.search}`);
  });

  outer.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    const target = parseAuthority(req.url ?? '');
    if (!target) {
      client.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    const start = (first: Buffer) => {
      // The first byte was read to tell TLS from plain HTTP; a TLSSocket over the raw socket would
      // read its handle and miss it, so TLS goes through a stream that replays it.
      const stream = replaying(client, first);
      if (first[0] === 0x16) {
        // A TLS ClientHello: answer as the host with a leaf certificate of the run's CA.
        const tls = new TLSSocket(stream, {
          isServer: true,
          secureContext: contextFor(target.host),
          SNICallback: (name, cb) => cb(null, contextFor(name || target.host)),
          // h2 first, as Google's front ends do: grpcio offers only h2, browsers and curl both.
          ALPNProtocols: ['h2', 'http/1.1'],
        });
        const upstream: Upstream = { scheme: 'https', host: target.host, port: target.port };
        let secure = false;
        tls.on('error', (err: NodeJS.ErrnoException) => {
          // A handshake the client gave up (it distrusts the run's CA, or wants a protocol the proxy
          // does not offer) would otherwise leave no trace in the report.
          if (!secure && /SSL|TLS|ALPN|certificate/i.test(`${err.code ?? ''} ${err.message}`)) {
            requests.push({ method: 'CONNECT', url: originOf(upstream), status: 0, ms: 0, unserved: true, error: `TLS handshake failed: ${err.message}` });
          }
          tls.destroy();
        });
        upstreams.set(tls, upstream);
        sockets.add(tls);
        tls.on('close', () => sockets.delete(tls));
        tls.once('secure', () => {
          secure = true;
          if (tls.alpnProtocol !== 'h2') {
            inner.emit('connection', tls);
            return;
          }
          // One HTTP/2 server per tunnel: its requests all go to the tunnel's host. A TLSSocket
          // made without a tls.Server keeps secureConnecting set after its handshake (tls.Server
          // clears it), and an HTTP/2 session would wait for a secureConnect that never comes.
          (tls as unknown as { secureConnecting: boolean }).secureConnecting = false;
          const h2 = createHttp2Server();
          h2.on('request', (req, res) => forward(req, res, upstream, req.url || '/'));
          h2.on('sessionError', () => tls.destroy());
          h2.emit('connection', tls);
        });
      } else {
        client.unshift(first);
        client.off('data', onData);
        upstreams.set(client, { scheme: 'http', host: target.host, port: target.port });
        inner.emit('connection', client);
        client.resume();
      }
    };
    const onData = (chunk: Buffer) => {
      client.off('data', onData);
      client.pause();
      start(chunk);
    };
    if (head.length > 0) start(head);
    else client.on('data', onData);
  });
  outer.on('upgrade', (_req, socket: Socket) => socket.destroy()); // websockets: not served
  outer.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  outer.on('clientError', (_err, socket: Socket) => socket.destroy());
  inner.on('clientError', (_err, socket: Socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    outer.once('error', reject);
    outer.listen(0, '127.0.0.1', () => {
      outer.off('error', reject);
      resolve();
    });
  });
  const url = `http://127.0.0.1:${(outer.address() as AddressInfo).port}`;
  const env: Record<string, string> = {};
  for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY']) env[name] = env[name.toLowerCase()] = url;
  // What requests, httpx (openai, anthropic, google SDKs), aiohttp (trust_env), curl, boto and grpc read.
  // Clients that ignore the proxy variables cannot resolve a host name (dns-guard.ts).
  env.PYTHONPATH = writeDnsGuard(dir, process.env.PYTHONPATH);
  // httpx transports made without a proxy and aiohttp sessions without trust_env get it (dns-guard.ts).
  env.MODEL_PLUGIN_MOCK_PROXY = url;
  // Files the mock serves from the Hugging Face Hub (a stand-in tokenizer) go to a cache private to
  // the run, never into the user's own (~/.cache/huggingface), where they would replace real ones.
  env.HF_HOME = join(dir, 'huggingface');
  env.HF_HUB_CACHE = join(dir, 'huggingface', 'hub');
  // MODEL_PLUGIN_MOCK_CA: certifi.where() answers it too (dns-guard.ts's sitecustomize).
  for (const name of ['SSL_CERT_FILE', 'REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE', 'AWS_CA_BUNDLE', 'GRPC_DEFAULT_SSL_ROOTS_FILE_PATH', 'HTTPLIB2_CA_CERTS', 'NODE_EXTRA_CA_CERTS', 'MODEL_PLUGIN_MOCK_CA']) {
    env[name] = caFile;
  }

  let closed: Promise<void> | undefined;
  return {
    url,
    caFile,
    env,
    requests,
    close() {
      closed ??= new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        outer.closeAllConnections();
        inner.closeAllConnections();
        outer.close(() => resolve());
        inner.close();
      }).finally(() => {
        removeDir();
        process.off('exit', removeDir);
      });
      return closed;
    },
  };
}

/** A duplex over `socket` whose readable side starts with `first`, then the socket's data. */
function replaying(socket: Socket, first: Buffer): Duplex {
  const d = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk, _enc, cb) {
      socket.write(chunk, cb);
    },
    final(cb) {
      socket.end();
      cb();
    },
    destroy(err, cb) {
      socket.destroy();
      cb(err);
    },
  });
  d.push(first);
  socket.on('data', (chunk: Buffer) => {
    if (!d.push(chunk)) socket.pause();
  });
  socket.on('end', () => d.push(null));
  socket.on('close', () => d.destroy());
  socket.on('error', (err) => d.destroy(err));
  return d;
}

function originOf(t: Upstream): string {
  const host = t.host.includes(':') ? `[${t.host}]` : t.host;
  const defaultPort = t.scheme === 'https' ? 443 : 80;
  return `${t.scheme}://${host}${t.port === defaultPort ? '' : `:${t.port}`}`;
}

function splitQuery(pathAndQuery: string): [string, string] {
  const q = pathAndQuery.indexOf('?');
  return q < 0 ? [pathAndQuery, ''] : [pathAndQuery.slice(0, q), pathAndQuery.slice(q + 1)];
}

/** host:port of a CONNECT request, IPv6 in brackets. */
function parseAuthority(authority: string): { host: string; port: number } | undefined {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(authority);
  if (!m) return undefined;
  return { host: (m[1] ?? m[2]).toLowerCase(), port: Number(m[3]) };
}

/** The `model` a request names: a JSON body's "model", or a multipart field named model. */
function modelOf(body: Buffer, contentType: string): string | undefined {
  if (body.length === 0) return undefined;
  if (contentType.includes('json')) {
    try {
      const v = JSON.parse(body.toString('utf8'));
      return typeof v?.model === 'string' ? v.model : typeof v?.modelId === 'string' ? v.modelId : undefined;
    } catch {
      return undefined;
    }
  }
  if (contentType.includes('multipart/')) {
    const m = /name="model"\r\n(?:[^\r\n]+\r\n)*\r\n([^\r\n]*)/.exec(body.toString('latin1'));
    return m?.[1] || undefined;
  }
  return undefined;
}

/** What a smoke step reports about an unserved request. */
export function describeUnserved(r: ProxiedRequest): string {
  const where = r.url.replace(/^[a-z]+:\/\//, '');
  if (r.error) return `the plugin's connection to ${where} failed: ${r.error}`;
  return `the plugin called ${r.method} ${where}${r.grpcStatus !== undefined ? ' (gRPC)' : ''}, which the mock does not serve`;
}
