// gRPC's framing and status codes (grpc/doc/PROTOCOL-HTTP2.md), which the mock needs around the
// protobuf messages: each message is a 5-byte prefix (compressed flag, big-endian length) and the
// bytes; the call's outcome is the `grpc-status` / `grpc-message` trailers.

/** google.rpc.Code */
export const GRPC_CODE = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;
export type GrpcCodeName = keyof typeof GRPC_CODE;

/** The code a Google API answers for an HTTP status (google.rpc.Code's documented HTTP mapping). */
export function grpcCodeOfHttp(status: number): number {
  switch (status) {
    case 400:
      return GRPC_CODE.INVALID_ARGUMENT;
    case 401:
      return GRPC_CODE.UNAUTHENTICATED;
    case 403:
      return GRPC_CODE.PERMISSION_DENIED;
    case 404:
      return GRPC_CODE.NOT_FOUND;
    case 409:
      return GRPC_CODE.ABORTED;
    case 413:
      return GRPC_CODE.RESOURCE_EXHAUSTED;
    case 429:
      return GRPC_CODE.RESOURCE_EXHAUSTED;
    case 499:
      return GRPC_CODE.CANCELLED;
    case 501:
      return GRPC_CODE.UNIMPLEMENTED;
    case 503:
      return GRPC_CODE.UNAVAILABLE;
    case 504:
      return GRPC_CODE.DEADLINE_EXCEEDED;
    default:
      return status >= 500 ? GRPC_CODE.INTERNAL : status >= 400 ? GRPC_CODE.FAILED_PRECONDITION : GRPC_CODE.UNKNOWN;
  }
}

export function grpcCodeByName(name: unknown): number | undefined {
  return typeof name === 'string' && name in GRPC_CODE ? GRPC_CODE[name as GrpcCodeName] : undefined;
}

/** One length-prefixed message. */
export function frame(message: Uint8Array): Buffer {
  const head = Buffer.alloc(5);
  head.writeUInt32BE(message.length, 1);
  return Buffer.concat([head, message]);
}

export class FramingError extends Error {}

/** The messages of a request body; a compressed one is refused (the mock announces no encodings). */
export function unframe(body: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  while (at < body.length) {
    if (body.length - at < 5) throw new FramingError(`a gRPC message prefix is cut short (${body.length - at} of 5 bytes)`);
    const compressed = body[at];
    const length = body.readUInt32BE(at + 1);
    if (compressed !== 0) throw new FramingError('a compressed gRPC message, but no grpc-encoding was agreed');
    if (body.length - at - 5 < length) throw new FramingError(`a gRPC message is cut short (${body.length - at - 5} of ${length} bytes)`);
    out.push(body.subarray(at + 5, at + 5 + length));
    at += 5 + length;
  }
  return out;
}

/** grpc-message is percent-encoded (printable ASCII except % as is). */
export function encodeGrpcMessage(text: string): string {
  return Array.from(Buffer.from(text, 'utf8'))
    .map((b) => (b >= 0x20 && b <= 0x7e && b !== 0x25 ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');
}

export function decodeGrpcMessage(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
