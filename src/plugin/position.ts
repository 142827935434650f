// Source positions, 1-based like editors and compilers print them.

export interface Position {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

/** Where a diagnostic points when it is about a file as a whole. */
export const FILE_START: Position = { line: 1, column: 1 };

/** A path into a parsed YAML value: mapping keys and sequence indexes. */
export type ValuePath = ReadonlyArray<string | number>;

/** Converts a JSON pointer (ajv's instancePath, e.g. `/models/llm/predefined/0`) into a ValuePath. */
export function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((seg) => seg.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((seg) => (/^(0|[1-9]\d*)$/.test(seg) ? Number(seg) : seg));
}
