// Small HTTP helpers for the mock upstream: bounded body reading, JSON answers and errors in the
// shape OpenAI-compatible clients expect (`{"error": {"message", "type", "param", "code"}}`).
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Larger than any smoke request (speech2text validation uploads ~219 KB); OpenAI's own audio limit. */
export const MAX_BODY_BYTES = 25 * 1024 * 1024;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly param: string | null = null,
  ) {
    super(message);
  }
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `request body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Parses a JSON object body; anything else is a 400 that says what was wrong. */
export function parseJsonObject(body: Buffer, req: IncomingMessage): Record<string, unknown> {
  const type = req.headers['content-type'] ?? '';
  if (body.length === 0) throw new HttpError(400, 'the request body is empty; send a JSON object');
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (err) {
    const hint = type && !type.includes('json') ? ` (Content-Type was "${type}")` : '';
    throw new HttpError(400, `the request body is not valid JSON${hint}: ${(err as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpError(400, 'the request body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendError(res: ServerResponse, err: HttpError): void {
  const type = err.status === 404 ? 'not_found_error' : err.status === 413 ? 'request_too_large' : 'invalid_request_error';
  sendJson(res, err.status, { error: { message: `mock server: ${err.message}`, type, param: err.param, code: null } });
}

// Field checks: each failure names the field, as a real API's 400 would.

export function requireString(body: Record<string, unknown>, key: string, allowEmpty = false): string {
  const v = body[key];
  if (typeof v !== 'string' || (!allowEmpty && v.length === 0)) {
    throw new HttpError(400, `"${key}" is required and must be a${allowEmpty ? '' : ' non-empty'} string`, key);
  }
  return v;
}

export function optionalInt(body: Record<string, unknown>, key: string, min: number, max: number): number | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new HttpError(400, `"${key}" must be an integer from ${min} to ${max}`, key);
  }
  return v;
}

export function optionalBool(body: Record<string, unknown>, key: string): boolean | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new HttpError(400, `"${key}" must be true or false`, key);
  return v;
}
