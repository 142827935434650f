// Deterministic stand-ins for model outputs: the same request always gets the same answer, so a
// smoke run is repeatable and a test can compare values.
import { createHash } from 'node:crypto';

export function sha256(data: string | Buffer): Buffer {
  return createHash('sha256').update(data).digest();
}

/** Rough token count (words and punctuation), used for `usage`. */
export function countTokens(text: string): number {
  return (text.match(/[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu) ?? []).length;
}

/** A unit-length vector of `dimensions` finite numbers derived from the text's SHA-256. */
export function embed(text: string, dimensions: number): number[] {
  const out: number[] = [];
  let block = sha256(text);
  let counter = 0;
  while (out.length < dimensions) {
    for (let i = 0; i + 1 < block.length && out.length < dimensions; i += 2) {
      out.push(block.readUInt16BE(i) / 32767.5 - 1);
    }
    block = sha256(Buffer.concat([block, Buffer.from(String(++counter))]));
  }
  const norm = Math.sqrt(out.reduce((s, x) => s + x * x, 0)) || 1;
  return out.map((x) => Math.round((x / norm) * 1e6) / 1e6);
}

/** A number in [0, 1) derived from the text, used to break ties. */
export function unitHash(text: string): number {
  return sha256(text).readUInt32BE(0) / 2 ** 32;
}

/** Words that carry no topic; left out when comparing a query with documents. */
const STOPWORDS = new Set(
  'a an and are as at be by for from has have how in is it its of on or that the this to was were what when where which who why will with'.split(' '),
);

/** The topic words of a text (lower case, no stopwords). */
export function words(text: string): Set<string> {
  return new Set((text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length > 1 && !STOPWORDS.has(w)));
}

export function shortId(prefix: string, seed: string): string {
  return `${prefix}-${sha256(seed).toString('hex').slice(0, 12)}`;
}
