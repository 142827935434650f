// Text edits of a YAML file that keep everything else as written: each edit replaces only the
// source range of the nodes it changes (found through the parsed tree's ranges), so comments,
// quoting, indentation and blank lines elsewhere stay byte for byte. New blocks are rendered by
// the `yaml` package in the file's own sequence style (the rule `add` uses, sequenceIndentOf).
import { createRequire } from 'node:module';
import { isMap, isPair, isScalar, isSeq, type YamlMap } from './yaml-ast.js';
import type { YamlFile } from './yaml-file.js';
import type { ValuePath } from './position.js';

export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/**
 * Whether block sequences sit indented under their key (`key:\n  - a`) or flush with it
 * (`key:\n- a`), as most of `source` does; shared with `add` (src/create/plugin-files.ts).
 */
export function sequenceIndentOf(source: string): boolean {
  const flat = (source.match(/^( *)[^\s#-][^\n]*:[ \t]*\r?\n\1- /gm) ?? []).length;
  const indented = (source.match(/^( *)[^\s#-][^\n]*:[ \t]*\r?\n\1 +- /gm) ?? []).length;
  return indented >= flat;
}

type Range = readonly [number, number, number?];
interface Located {
  map: YamlMap;
  key: { range?: Range | null };
  value: { range?: Range | null } | null;
}

/** The block-mapping pair at `path` (its key node and value node), when it is one. */
export function pairAt(file: YamlFile, path: ValuePath): Located | undefined {
  let node: unknown = file.doc?.contents;
  let found: Located | undefined;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.findLast((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return undefined;
      found = { map: node, key: pair.key as Located['key'], value: (pair.value as Located['value']) ?? null };
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      found = undefined;
    } else {
      return undefined;
    }
  }
  if (!found || found.map.flow || !found.key.range) return undefined;
  return found;
}

/** Offset of the start of the line holding `offset`. */
function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset just past the end of the line holding `offset - 1` (past its newline). */
function lineEndAfter(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

/** The pair's whole lines: from the start of the key's line to the end of the value's last line. */
function pairLines(file: YamlFile, pair: Located): { start: number; end: number; indent: number } | undefined {
  const keyStart = pair.key.range![0];
  const start = lineStart(file.text, keyStart);
  // Only a key that starts its line (after indentation, or after "- ") can be removed by lines.
  const before = file.text.slice(start, keyStart);
  if (!/^ *$/.test(before)) return undefined;
  const valueEnd = pair.value?.range?.[1] ?? pair.key.range![1];
  return { start, end: lineEndAfter(file.text, valueEnd), indent: keyStart - start };
}

/** Removes a block-mapping pair with its lines. */
export function removePair(file: YamlFile, path: ValuePath): TextEdit | undefined {
  const pair = pairAt(file, path);
  if (!pair) return undefined;
  const lines = pairLines(file, pair);
  if (!lines || pair.map.items.length < 2) return undefined;
  return { start: lines.start, end: lines.end, text: '' };
}

/** Replaces a block-mapping pair (key and value) by `value` rendered as block YAML under `key`. */
export function replacePair(file: YamlFile, path: ValuePath, key: string, value: unknown): TextEdit | undefined {
  const pair = pairAt(file, path);
  if (!pair) return undefined;
  const lines = pairLines(file, pair);
  if (!lines) return undefined;
  return { start: lines.start, end: lines.end, text: renderBlock({ [key]: value }, lines.indent, file.text) };
}

/** Replaces the scalar at `path` by `value`, keeping its quoting style. */
export function replaceScalar(file: YamlFile, path: ValuePath, value: string): TextEdit | undefined {
  let node: unknown = file.doc?.contents;
  for (const seg of path) {
    if (isMap(node)) node = node.items.findLast((p) => isScalar(p.key) && String(p.key.value) === String(seg))?.value;
    else if (isSeq(node) && typeof seg === 'number') node = node.items[seg];
    else return undefined;
  }
  if (!isScalar(node) || !node.range) return undefined;
  const quote = node.type === 'QUOTE_DOUBLE' ? 'double' : node.type === 'QUOTE_SINGLE' ? 'single' : node.type === 'PLAIN' ? 'plain' : undefined;
  if (!quote) return undefined;
  const text =
    quote === 'double' || (quote === 'plain' && !/^[A-Za-z0-9_][A-Za-z0-9_.\-/ ]*$/.test(value))
      ? JSON.stringify(value)
      : quote === 'single'
        ? `'${value.replace(/'/g, "''")}'`
        : value;
  return { start: node.range[0], end: node.range[1], text };
}

/** Inserts `key: value` as a new line after the pair at `afterPath` (a block mapping's pair). */
export function insertPairAfter(file: YamlFile, afterPath: ValuePath, key: string, value: unknown): TextEdit | undefined {
  const pair = pairAt(file, afterPath);
  if (!pair) return undefined;
  const keyStart = pair.key.range![0];
  const indent = keyStart - lineStart(file.text, keyStart);
  const valueEnd = pair.value?.range?.[1] ?? pair.key.range![1];
  const at = lineEndAfter(file.text, valueEnd);
  const newline = file.text.includes('\r\n') ? '\r\n' : '\n';
  const prefix = at > 0 && file.text[at - 1] !== '\n' ? newline : '';
  return { start: at, end: at, text: prefix + renderBlock({ [key]: value }, indent, file.text) };
}

/** Block YAML of `value` whose every line is indented by `indent` spaces, ending with a newline. */
export function renderBlock(value: unknown, indent: number, source: string): string {
  const text = yamlLib().stringify(value, { lineWidth: 0, indentSeq: sequenceIndentOf(source) });
  const pad = ' '.repeat(indent);
  const newline = source.includes('\r\n') ? '\r\n' : '\n';
  return text
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => pad + l)
    .join(newline) + newline;
}

let yamlModule: typeof import('yaml') | undefined;
function yamlLib(): typeof import('yaml') {
  yamlModule ??= createRequire(import.meta.url)('yaml') as typeof import('yaml');
  return yamlModule;
}

/** Renames the key of the block-mapping pair at `path`, keeping its quoting style. */
export function renameKey(file: YamlFile, path: ValuePath, name: string): TextEdit | undefined {
  const pair = pairAt(file, path);
  const key = pair?.key as { range?: Range | null; type?: string } | undefined;
  if (!key?.range) return undefined;
  const text = key.type === 'QUOTE_DOUBLE' ? JSON.stringify(name) : key.type === 'QUOTE_SINGLE' ? `'${name}'` : name;
  return { start: key.range[0], end: key.range[1], text };
}
