// The YAML node model the validator reads, without loading the `yaml` package. The fast parser
// (fast-yaml.ts) builds these light nodes; files it cannot handle go through `yaml`'s own parser,
// whose nodes carry the same identity symbols. The guards below test those symbols exactly as
// `yaml`'s isMap()/isSeq()/... do, so every reader works on either kind of tree, and the ~70
// modules of `yaml` are only loaded for the rare file that needs the full parser.
import type { Range } from 'yaml';

const NODE_TYPE = Symbol.for('yaml.node.type');
const ALIAS = Symbol.for('yaml.alias');
const DOC = Symbol.for('yaml.document');
const MAP = Symbol.for('yaml.map');
const PAIR = Symbol.for('yaml.pair');
const SCALAR = Symbol.for('yaml.scalar');
const SEQ = Symbol.for('yaml.seq');

export type ScalarType = 'PLAIN' | 'QUOTE_SINGLE' | 'QUOTE_DOUBLE' | 'BLOCK_LITERAL' | 'BLOCK_FOLDED';

/** The parts of a scalar node the validator reads (yaml's Scalar has the same fields). */
export interface YamlScalar {
  value: unknown;
  type?: ScalarType | string;
  /** A plain scalar's text as written. */
  source?: string;
  range?: Range | null;
}
export interface YamlPair {
  key: unknown;
  value: unknown;
}
export interface YamlMap {
  items: YamlPair[];
  flow?: boolean;
  range?: Range | null;
}
export interface YamlSeq {
  items: unknown[];
  flow?: boolean;
  range?: Range | null;
}
/** A parsed document: what the validator reads of it. */
export interface YamlDocument {
  contents: unknown;
  range: Range;
  errors: { code: string; message: string; pos: [number, number] }[];
  warnings: unknown[];
  toJS(options?: { maxAliasCount?: number }): unknown;
}

const typeOf = (node: unknown): symbol | undefined =>
  node && typeof node === 'object' ? (node as { [NODE_TYPE]?: symbol })[NODE_TYPE] : undefined;

export const isMap = (node: unknown): node is YamlMap => typeOf(node) === MAP;
export const isSeq = (node: unknown): node is YamlSeq => typeOf(node) === SEQ;
export const isScalar = (node: unknown): node is YamlScalar => typeOf(node) === SCALAR;
export const isPair = (node: unknown): node is YamlPair => typeOf(node) === PAIR;
export const isAlias = (node: unknown): boolean => typeOf(node) === ALIAS;

// ---- light nodes (built by fast-yaml.ts) ----------------------------------------------------------

export class LightScalar implements YamlScalar {
  readonly [NODE_TYPE] = SCALAR;
  type?: ScalarType;
  source?: string;
  range?: Range;
  /** Number formatting kept like yaml's Scalar ('OCT', 'HEX', 'EXP'; fraction digits). */
  format?: string;
  minFractionDigits?: number;
  constructor(public value: unknown) {}
}

export class LightPair implements YamlPair {
  readonly [NODE_TYPE] = PAIR;
  constructor(
    public key: LightScalar,
    public value: LightNode | null,
  ) {}
}

export class LightMap implements YamlMap {
  readonly [NODE_TYPE] = MAP;
  items: LightPair[] = [];
  flow?: boolean;
  range?: Range;
}

export class LightSeq implements YamlSeq {
  readonly [NODE_TYPE] = SEQ;
  items: (LightNode | null)[] = [];
  flow?: boolean;
  range?: Range;
}

export type LightNode = LightScalar | LightMap | LightSeq;

export class LightDocument implements YamlDocument {
  readonly [NODE_TYPE] = DOC;
  contents: LightMap | LightSeq | null = null;
  range: Range = [0, 0, 0];
  readonly errors: YamlDocument['errors'] = [];
  readonly warnings: unknown[] = [];
  /** `---` at the start, as yaml's `doc.directives.docStart`. */
  readonly directives: { docStart: true | null } = { docStart: null };

  /** The same JS value yaml's `doc.toJS()` gives (light trees have no aliases, tags or merge keys). */
  toJS(): unknown {
    return nodeToJS(this.contents);
  }
}

function nodeToJS(node: LightNode | null): unknown {
  if (node === null) return null;
  if (node instanceof LightScalar) return node.value;
  if (node instanceof LightSeq) return node.items.map(nodeToJS);
  const obj: Record<string, unknown> = {};
  for (const { key, value } of node.items) {
    // yaml's stringifyKey for scalar keys: null → '', anything else → String().
    const k = key.value === null ? '' : String(key.value);
    const v = nodeToJS(value);
    // `__proto__` and repeated keys are defined, not assigned, as yaml does.
    if (k in obj) Object.defineProperty(obj, k, { value: v, writable: true, enumerable: true, configurable: true });
    else obj[k] = v;
  }
  return obj;
}

// ---- line positions -------------------------------------------------------------------------------

/** Offsets → 1-based line/column; has the `addNewLine` that yaml's parser calls while parsing. */
export class LineCounter {
  lineStarts: number[] = [];
  addNewLine = (offset: number): number => this.lineStarts.push(offset);

  linePos(offset: number): { line: number; col: number } {
    const starts = this.lineStarts;
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (starts[mid] < offset) low = mid + 1;
      else high = mid;
    }
    if (starts[low] === offset) return { line: low + 1, col: 1 };
    if (low === 0) return { line: 0, col: offset };
    const start = starts[low - 1];
    return { line: low, col: offset - start + 1 };
  }
}
