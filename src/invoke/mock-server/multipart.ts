// A small multipart/form-data parser: enough for the transcription upload the SDK sends with
// `requests` (a `model` field and a `file` part). Whole body in memory; bodies are size-capped.
import { HttpError } from './http.js';

export interface Part {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

export function parseMultipart(body: Buffer, contentType: string | undefined): Map<string, Part> {
  const m = /multipart\/form-data\s*;.*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  if (!m) throw new HttpError(400, `expected a multipart/form-data body with a boundary (Content-Type was "${contentType ?? ''}")`);
  const delimiter = Buffer.from(`--${m[1] ?? m[2]}`);
  const parts = new Map<string, Part>();
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new HttpError(400, 'the multipart body does not contain its boundary');
  while (true) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString() === '--') break; // closing delimiter
    pos += 2; // CRLF after the delimiter
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    const next = body.indexOf(delimiter, pos);
    if (headerEnd < 0 || next < 0) throw new HttpError(400, 'the multipart body is truncated');
    const headers = body.subarray(pos, headerEnd).toString('utf8');
    const data = body.subarray(headerEnd + 4, next - 2); // part data ends with CRLF before the delimiter
    const disposition = /content-disposition:[^\r\n]*/i.exec(headers)?.[0] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    if (name !== undefined) {
      parts.set(name, {
        name,
        filename: /\bfilename="([^"]*)"/i.exec(disposition)?.[1],
        contentType: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1],
        data,
      });
    }
    pos = next;
  }
  return parts;
}
