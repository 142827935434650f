// gRPC calls to the mock: the hermetic proxy takes them from the plugin over HTTP/2 (TLS with
// ALPN h2) and forwards each to the mock as one HTTP/1.1 request with the same gRPC body, whose
// answer carries grpc-status / grpc-message as HTTP/1.1 trailers (relayed as HTTP/2 trailers).
// Each served method is answered by the REST route it maps to (aiplatform.ts), so keys, the model
// allow-list, --mock-fault and the answers are the REST dialect's; its HTTP error becomes the gRPC
// status Google's APIs send for it (the body's `status`, e.g. UNAUTHENTICATED, else the HTTP code's).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GRPC_METHODS, GrpcInputError, messageType, toPlain, type RestCall } from './aiplatform.js';
import { encodeGrpcMessage, frame, FramingError, GRPC_CODE, grpcCodeByName, grpcCodeOfHttp, unframe } from './wire.js';

export const GRPC_CONTENT_TYPE = /^application\/grpc(?:\+proto)?(?:;|$)/i;
/** Response headers the proxy reads (and does not pass to the plugin). */
export const UNSERVED_RESPONSE_HEADER = 'x-mock-unserved';
export const MODEL_RESPONSE_HEADER = 'x-mock-model';

export function isGrpcRequest(req: IncomingMessage): boolean {
  return GRPC_CONTENT_TYPE.test(String(req.headers['content-type'] ?? ''));
}

export interface GrpcOutcome {
  /** The REST routing found a dialect route for the call. */
  served: boolean;
  model?: string;
}

export interface GrpcCall {
  req: IncomingMessage;
  res: ServerResponse;
  raw: Buffer;
  /** The upstream host the plugin called, or null for a direct call. */
  host: string | null;
  /** Runs the REST call through the dialects, answering into `capture`. */
  run: (call: RestCall, capture: ServerResponse) => Promise<GrpcOutcome>;
  /** Whether the answer must be malformed (--mock-fault malformed). */
  malformed: boolean;
  /** Told the call's gRPC status (for the request log). */
  onStatus: (code: number, served: boolean) => void;
}

export async function serveGrpc(call: GrpcCall): Promise<void> {
  const { req, res } = call;
  const name = new URL(req.url ?? '/', 'http://mock').pathname.replace(/^\/+/, '');
  const method = GRPC_METHODS[name];
  const where = call.host ? ` on ${call.host}` : '';
  if (!method) {
    call.onStatus(GRPC_CODE.UNIMPLEMENTED, false);
    answer(res, GRPC_CODE.UNIMPLEMENTED, `model-plugin mock: no dialect serves the gRPC method ${name}${where}`, undefined, { [UNSERVED_RESPONSE_HEADER]: '1' });
    return;
  }
  let rest: RestCall;
  let responseType;
  try {
    const messages = unframe(call.raw);
    if (messages.length !== 1) throw new FramingError(`a unary call takes one request message, got ${messages.length}`);
    const requestType = await messageType(name, method.request);
    responseType = await messageType(name, method.response);
    let decoded;
    try {
      decoded = requestType.decode(messages[0]);
    } catch (err) {
      throw new FramingError(`the request is not a ${requestType.fullName.slice(1)}: ${(err as Error).message}`);
    }
    rest = method.rest(toPlain(requestType, decoded));
  } catch (err) {
    const code = err instanceof GrpcInputError ? GRPC_CODE.INVALID_ARGUMENT : GRPC_CODE.INTERNAL;
    call.onStatus(code, true);
    answer(res, code, (err as Error).message);
    return;
  }

  const capture = new CapturedResponse();
  let outcome: GrpcOutcome;
  try {
    outcome = await call.run(rest, capture as unknown as ServerResponse);
  } catch (err) {
    call.onStatus(GRPC_CODE.INTERNAL, true);
    answer(res, GRPC_CODE.INTERNAL, `model-plugin mock: internal error: ${(err as Error)?.message ?? err}`);
    return;
  }
  if (req.socket.destroyed) return; // the timeout fault closed the connection
  const headers = outcome.model ? { [MODEL_RESPONSE_HEADER]: outcome.model } : undefined;
  if (!outcome.served) {
    call.onStatus(GRPC_CODE.UNIMPLEMENTED, false);
    answer(res, GRPC_CODE.UNIMPLEMENTED, `model-plugin mock: no dialect serves the gRPC method ${name}${where} (${rest.method} ${rest.path})`, undefined, {
      ...headers,
      [UNSERVED_RESPONSE_HEADER]: '1',
    });
    return;
  }
  const text = capture.body().toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (capture.statusCode >= 200 && capture.statusCode < 300) {
    if (call.malformed || typeof json !== 'object' || json === null) {
      // --mock-fault malformed: a response message cut off mid-field, framed as if whole.
      const whole = responseType.encode(responseType.fromObject(method.answer({ predictions: [{ text: 'mock-malformed' }], name: 'mock-malformed' }))).finish();
      call.onStatus(GRPC_CODE.OK, true);
      answer(res, GRPC_CODE.OK, '', Buffer.from(whole.subarray(0, Math.max(1, whole.length - 3))), headers);
      return;
    }
    const bytes = responseType.encode(responseType.fromObject(method.answer(json as Record<string, unknown>))).finish();
    call.onStatus(GRPC_CODE.OK, true);
    answer(res, GRPC_CODE.OK, '', Buffer.from(bytes), headers);
    return;
  }
  const error = (json as { error?: { status?: unknown; message?: unknown } } | undefined)?.error;
  const code = grpcCodeByName(error?.status) ?? grpcCodeOfHttp(capture.statusCode);
  const message = typeof error?.message === 'string' ? error.message : text;
  call.onStatus(code, true);
  answer(res, code, message, undefined, headers);
}

/** A gRPC answer: HTTP 200, the message (if any), then grpc-status / grpc-message trailers. */
function answer(res: ServerResponse, code: number, message: string, body?: Buffer, headers?: Record<string, string>): void {
  res.writeHead(200, { 'Content-Type': 'application/grpc', Trailer: 'grpc-status, grpc-message', ...headers });
  if (body) res.write(frame(body));
  res.addTrailers({ 'grpc-status': String(code), ...(message ? { 'grpc-message': encodeGrpcMessage(message) } : {}) });
  res.end();
}

/** Takes a dialect's answer (writeHead/write/end) in memory, for the gRPC layer to re-encode. */
class CapturedResponse {
  statusCode = 200;
  headersSent = false;
  writableFinished = false;
  private readonly chunks: Buffer[] = [];
  private readonly headers: Record<string, unknown> = {};

  writeHead(status: number, headers?: Record<string, unknown>): this {
    this.statusCode = status;
    Object.assign(this.headers, headers);
    this.headersSent = true;
    return this;
  }
  setHeader(name: string, value: unknown): this {
    this.headers[name.toLowerCase()] = value;
    return this;
  }
  getHeader(name: string): unknown {
    return this.headers[name.toLowerCase()];
  }
  write(chunk: string | Uint8Array): boolean {
    this.headersSent = true;
    this.chunks.push(Buffer.from(chunk));
    return true;
  }
  end(chunk?: string | Uint8Array): this {
    if (chunk !== undefined) this.write(chunk);
    this.headersSent = true;
    this.writableFinished = true;
    return this;
  }
  on(): this {
    return this;
  }
  once(): this {
    return this;
  }
  destroy(): this {
    return this;
  }
  body(): Buffer {
    return Buffer.concat(this.chunks);
  }
}
