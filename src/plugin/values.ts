// Reading parsed YAML/JSON without trusting its shape.
import type { ValuePath } from './position.js';

/** A plain mapping (not null, not an array). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads a nested value from parsed YAML without trusting its shape. */
export function getPath(data: unknown, path: ValuePath): unknown {
  let cur: unknown = data;
  for (const seg of path) {
    if (typeof seg === 'number') {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[seg];
    } else {
      if (!isRecord(cur)) return undefined;
      cur = cur[seg];
    }
  }
  return cur;
}
