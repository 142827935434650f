// Loads one YAML file the way the validator needs it: parsed once, every node keeping its source
// range, and every way the file can be broken (not text, too big, bad syntax, duplicate keys, alias
// bombs, absurd nesting) turned into a problem instead of an exception.
import { createRequire } from 'node:module';
import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, type YamlDocument } from './yaml-ast.js';
import { FILE_START, type Position, type ValuePath } from './position.js';
import { fastParse } from './fast-yaml.js';
import { findSyntaxCause } from './yaml-syntax-cause.js';

/** Files larger than this are not parsed: no real plugin file comes close (the largest official one is 23 KB). */
export const MAX_YAML_BYTES = 2 * 1024 * 1024;
/** Alias expansion budget, as in the `yaml` package's own guard against billion-laughs documents. */
const MAX_ALIAS_COUNT = 100;
/** Errors listed per file; the rest are summed up in one more problem. */
const MAX_LISTED_ERRORS = 20;
/** Nesting deeper than this is not a plugin file; deeper documents are refused before composing. */
const MAX_DEPTH = 256;

export type YamlProblemKind =
  | 'syntax'
  | 'duplicate-key'
  | 'not-text'
  | 'too-large'
  | 'alias-bomb'
  | 'too-deep'
  | 'bom'
  | 'tab-indent';

export interface YamlProblem {
  kind: YamlProblemKind;
  message: string;
  position: Position;
}

export interface YamlFile {
  /** Path relative to the plugin root, with forward slashes. */
  path: string;
  /** Raw text (without a BOM); empty when the file could not be read as text. */
  text: string;
  /** The parsed value (YAML 1.2 core schema), or undefined when the file is unusable. */
  data: unknown;
  /** True when the file parsed without an error that makes `data` unreliable. */
  ok: boolean;
  problems: YamlProblem[];
  /** The parsed document, for checks that need node styles (quoted vs plain scalars). */
  doc: YamlDocument | undefined;
  /** Position of the key (`part: 'key'`) or value at `path`; falls back to the nearest existing ancestor. */
  locate(path: ValuePath, part?: 'key' | 'value'): Position;
  /** The node at `path`, if any. */
  nodeAt(path: ValuePath): YamlNode | undefined;
  /** Position of a source range (node.range offsets). */
  positionOf(range: readonly [number, number, number?] | [number, number, number]): Position;
}

/** Parses a file's bytes; `sizeOnDisk` lets a caller refuse a huge file without reading it. */
export function parseYamlBytes(path: string, bytes: Buffer, sizeOnDisk = bytes.length): YamlFile {
  const problems: YamlProblem[] = [];
  const fail = (kind: YamlProblemKind, message: string, position = FILE_START): YamlFile => {
    problems.push({ kind, message, position });
    return unusable(path, '', problems);
  };

  if (sizeOnDisk > MAX_YAML_BYTES) {
    return fail(
      'too-large',
      `file is ${formatBytes(sizeOnDisk)}, larger than the ${formatBytes(MAX_YAML_BYTES)} a plugin YAML file may have; it was not parsed. Split it or remove the generated content.`,
    );
  }
  if (bytes.includes(0)) {
    return fail('not-text', 'file contains NUL bytes: it is binary, not YAML. Replace it with a YAML text file or rename it.');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail('not-text', 'file is not valid UTF-8 text. Save it as UTF-8 (both Dify parsers read UTF-8).');
  }
  // TextDecoder drops a leading BOM itself, so look at the bytes.
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    problems.push({
      kind: 'bom',
      message: 'file starts with a UTF-8 byte order mark. Save it as UTF-8 without BOM.',
      position: FILE_START,
    });
  }
  return parseYamlText(path, text, problems);
}

export function parseYamlText(path: string, text: string, problems: YamlProblem[] = []): YamlFile {
  const lines = new LineCounter();
  const depth = flowOrBlockDepth(text);
  if (depth > MAX_DEPTH) {
    problems.push({
      kind: 'too-deep',
      message: `nesting is deeper than ${MAX_DEPTH} levels; no plugin file needs that. It was not parsed.`,
      position: FILE_START,
    });
    return unusable(path, text, problems);
  }

  let doc: YamlDocument;
  let fast = false;
  try {
    // The fast parser covers what plugin files use and builds the same nodes; anything else (and
    // every error, for its message) goes through the full parser.
    const light = fastParse(text, { lineCounter: lines });
    fast = light !== undefined && light !== null;
    doc = light ?? fullParse(text, lines);
  } catch (err) {
    // The parser is iterative, but guard anyway: a crash here must become a problem, not a stack trace.
    problems.push({ kind: 'syntax', message: `could not parse: ${(err as Error).message}`, position: FILE_START });
    return unusable(path, text, problems);
  }

  const at = (offset: number, end?: number): Position => toPosition(lines, offset, end);
  // Any error other than a duplicate key leaves no usable document.
  let fatal = doc.errors.some((e) => e.code !== 'DUPLICATE_KEY');
  let syntaxReported = false;
  // One broken line can make the parser report an error per token after it (60,000 seen):
  // the first ones say what is wrong, the rest are echoes.
  const shown = doc.errors.length > MAX_LISTED_ERRORS ? doc.errors.slice(0, MAX_LISTED_ERRORS) : doc.errors;
  for (const e of shown) {
    const dup = e.code === 'DUPLICATE_KEY';
    // One syntax error per file, at its cause: the parser's later errors follow from the first.
    if (!dup && syntaxReported) continue;
    if (!dup) syntaxReported = true;
    if (!dup && e.code !== 'TAB_AS_INDENT') {
      const stopped = at(e.pos[0], e.pos[1]);
      const cause = findSyntaxCause(text, stopped.line);
      problems.push(
        cause
          ? { kind: 'syntax', message: cause.message, position: cause.position }
          : { kind: 'syntax', message: syntaxMessage(e.code, e.message), position: stopped },
      );
      continue;
    }
    const key = dup ? duplicateKeyText(text, e.pos[0]) : '';
    problems.push({
      kind: dup ? 'duplicate-key' : e.code === 'TAB_AS_INDENT' ? 'tab-indent' : 'syntax',
      message: dup ? duplicateKeyMessage(key) : syntaxMessage(e.code, e.message),
      position: dup ? at(e.pos[0], e.pos[0] + key.length) : at(e.pos[0], e.pos[1]),
    });
  }
  // Past the listed ones, report the rest only when no syntax error was (they follow from it).
  if (shown.length < doc.errors.length && !syntaxReported) {
    const more = doc.errors.length - shown.length;
    problems.push({
      kind: 'syntax',
      message: `YAML syntax error: ${more} more errors after the first ${MAX_LISTED_ERRORS} (not listed; most follow from the ones above). Fix those first.`,
      position: at(doc.errors[shown.length].pos[0]),
    });
  }

  let data: unknown;
  // The fast parser takes no document with anchors or aliases: nothing to check then.
  if (!fatal && !fast) {
    // yaml's own alias accounting is quadratic in the number of aliases and worse for an alias
    // inside its own anchor: a few thousand of them took minutes. Refuse those shapes first.
    const aliasProblem = aliasShapeProblem(doc);
    if (aliasProblem) {
      fatal = true;
      problems.push({ kind: 'alias-bomb', message: aliasProblem, position: FILE_START });
    }
  }
  if (!fatal) {
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      fatal = true;
      const bomb = err instanceof ReferenceError && /alias/i.test(err.message);
      problems.push({
        kind: bomb ? 'alias-bomb' : 'syntax',
        message: bomb
          ? `aliases expand to too many nodes (a "billion laughs" document); the file was not loaded. Write the values out instead of nesting aliases.`
          : `could not build the value: ${(err as Error).message}`,
        position: FILE_START,
      });
    }
  }

  const nodeAt = (path: ValuePath): YamlNode | undefined => findNode(doc.contents as YamlNode | null, path).node;
  const locate = (path: ValuePath, part: 'key' | 'value' = 'value'): Position => {
    const found = findNode(doc.contents as YamlNode | null, path);
    const target = part === 'key' && found.depth === path.length && found.keyNode ? found.keyNode : found.node;
    const range = target?.range ?? found.keyNode?.range;
    if (!range) return FILE_START;
    return at(range[0], range[1]);
  };

  const positionOf = (range: readonly [number, number, number?]) => at(range[0], range[1]);
  return { path, text, data: fatal ? undefined : data, ok: !fatal, problems, doc, locate, nodeAt, positionOf };
}

/** A file that could not be read at all (not a regular file, permission denied): rule F10 says why. */
export function unreadableYaml(path: string): YamlFile {
  return unusable(path, '', []);
}

function unusable(path: string, text: string, problems: YamlProblem[]): YamlFile {
  return {
    path,
    text,
    data: undefined,
    ok: false,
    problems,
    doc: undefined,
    locate: () => FILE_START,
    nodeAt: () => undefined,
    positionOf: () => FILE_START,
  };
}

/**
 * The `yaml` package's parse, with its duplicate-key check replaced: yaml compares each key with
 * every earlier key of the mapping (quadratic: 8,000 keys took seconds); ours keeps a Set per
 * mapping and reports the same DUPLICATE_KEY errors (same equality: scalar values, ===).
 */
function fullParse(text: string, lines: LineCounter): YamlDocument {
  // yaml builds an Error per problem; without stack traces a cascade of them stays cheap.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  let doc: YamlDocument;
  try {
    doc = fullParser().parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false, merge: true }) as unknown as YamlDocument;
  } finally {
    Error.stackTraceLimit = limit;
  }
  const duplicates: YamlDocument['errors'] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key = pair.key;
        if (isScalar(key)) {
          if (seen.has(key.value) && key.range) duplicates.push({ code: 'DUPLICATE_KEY', message: 'Map keys must be unique', pos: [key.range[0], key.range[0] + 1] });
          seen.add(key.value);
        }
        stack.push(key, pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  if (duplicates.length > 0) {
    doc.errors.push(...duplicates);
    doc.errors.sort((a, b) => a.pos[0] - b.pos[0]);
  }
  return doc;
}

/** More aliases than this in one file are refused: plugin files use none or a handful. */
const MAX_ALIASES = 1000;

/** Why the document's aliases cannot be expanded safely (recursive, or too many), or undefined. */
function aliasShapeProblem(doc: YamlDocument): string | undefined {
  type AnyNode = { anchor?: string; source?: string; items?: unknown[]; key?: unknown; value?: unknown };
  const latest = new Map<string, unknown>(); // anchor name → the node it names at this point
  const open = new Set<unknown>(); // the nodes being walked (ancestors of the current one)
  let aliases = 0;
  // Document order, with an explicit stack: ['enter', node] then its children then ['leave', node].
  const stack: [boolean, unknown][] = [[true, doc.contents]];
  while (stack.length > 0) {
    const [enter, node] = stack.pop()!;
    if (!node || typeof node !== 'object') continue;
    if (!enter) {
      open.delete(node);
      continue;
    }
    const n = node as AnyNode;
    if (isAlias(node)) {
      if (++aliases > MAX_ALIASES) return `more than ${MAX_ALIASES} aliases in one file; no plugin file needs that, so it was not loaded. Write the values out instead.`;
      const target = latest.get(String(n.source));
      if (target !== undefined && open.has(target)) {
        return `alias *${n.source} is inside the node its anchor &${n.source} names, a recursive structure that has no JSON form; the file was not loaded. Remove the alias.`;
      }
      continue;
    }
    if (n.anchor) latest.set(n.anchor, node);
    open.add(node);
    stack.push([false, node]);
    const children = isPair(node) ? [n.key, n.value] : isMap(node) || isSeq(node) ? (n.items ?? []) : [];
    for (let i = children.length - 1; i >= 0; i--) stack.push([true, children[i]]);
  }
  return undefined;
}

/** Any node of either tree (light or yaml's): what findNode needs of it. */
type YamlNode = { range?: readonly [number, number, number] | null };

/** The `yaml` package, loaded on first use: only files the fast parser leaves need it. */
let yamlModule: typeof import('yaml') | undefined;
function fullParser(): typeof import('yaml') {
  yamlModule ??= createRequire(import.meta.url)('yaml') as typeof import('yaml');
  return yamlModule;
}

interface Found {
  node: YamlNode | undefined;
  keyNode: YamlNode | undefined;
  depth: number;
}

/** Walks the document along `path`; stops at the deepest node that exists. */
function findNode(root: YamlNode | null, path: ValuePath): Found {
  let node: YamlNode | undefined = root ?? undefined;
  let keyNode: YamlNode | undefined;
  let depth = 0;
  for (const seg of path) {
    if (!node) break;
    if (isAlias(node)) break;
    if (isMap(node)) {
      const pair = node.items.findLast((p) => keyString(p.key) === String(seg));
      if (!pair) break;
      keyNode = (pair.key as YamlNode) ?? undefined;
      node = (pair.value as YamlNode | null) ?? keyNode;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as YamlNode | undefined;
      if (!item) break;
      keyNode = undefined;
      node = isPair(item) ? ((item.key as YamlNode) ?? undefined) : item;
    } else {
      break;
    }
    depth++;
  }
  return { node, keyNode, depth };
}

function keyString(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

function toPosition(lines: LineCounter, start: number, end?: number): Position {
  const s = lines.linePos(start);
  const pos: Position = { line: s.line, column: s.col };
  if (end !== undefined && end > start) {
    const e = lines.linePos(end);
    pos.endLine = e.line;
    pos.endColumn = e.col;
  }
  return pos;
}

/** The key as written at `offset` (up to the `:`), for the message and the highlighted span. */
function duplicateKeyText(text: string, offset: number): string {
  return /^(?:"[^"\n]*"|'[^'\n]*'|[^:\n]*?)(?=\s*:)/.exec(text.slice(offset, offset + 300))?.[0] ?? '';
}

function duplicateKeyMessage(key: string): string {
  const name = key.replace(/^["']|["']$/g, '');
  return `duplicate key "${name}": Dify's daemon refuses the file and the SDK silently keeps the last value. Remove or rename one of them.`;
}

function syntaxMessage(code: string, message: string): string {
  const first = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  if (code === 'TAB_AS_INDENT') return `${first}. Indent YAML with spaces, not tabs.`;
  return `YAML syntax error: ${first}. Fix the YAML so that both Dify parsers can read the file.`;
}

/**
 * A cheap upper bound of the nesting depth: open flow brackets and block indentation levels.
 * It runs before the parser so that a 10,000-deep document is refused in linear time.
 */
function flowOrBlockDepth(text: string): number {
  let flow = 0;
  let maxFlow = 0;
  let maxIndent = 0;
  let lineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      lineStart = true;
      indent = 0;
      continue;
    }
    if (lineStart) {
      if (c === 32 || c === 45 /* '- ' sequences nest too */) {
        indent++;
        continue;
      }
      lineStart = false;
      if (indent > maxIndent) maxIndent = indent;
    }
    if (c === 91 || c === 123) {
      if (++flow > maxFlow) maxFlow = flow;
    } else if (c === 93 || c === 125) {
      if (flow > 0) flow--;
    }
  }
  // Two spaces per level is the tightest common indentation; one-space indents only get more room.
  return Math.max(maxFlow, Math.floor(maxIndent / 2));
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}
