// A small, hand-written parser for the YAML subset that Dify plugin files use. It builds the very node
// tree the `yaml` package's composer builds (Document, LightMap, LightSeq, LightPair, LightScalar with the same
// ranges, scalar types, sources and values), so code written against `parseDocument` keeps working.
//
// Why: `parseDocument` (lexer → CST parser → composer) is a large general code base; in a one-shot
// CLI its JIT never warms up and parsing one plugin costs more than the whole `validate` budget.
//
// Anything outside the subset, and anything wrong, returns undefined: the caller then parses with
// `yaml`, which is always right and reports proper errors. The range rules below mirror how yaml's
// CST parser attaches trailing comments and blank lines to nodes (see `scanTrivia` and `popEnd`).
//
// Supported: block maps and sequences (incl. `- key: v` and `key:` followed by `- item` at the same
// indent), plain / single- / double-quoted scalars (multi-line too), block scalars (| > with chomping
// and indentation indicators), one-line flow collections, comments, blank lines, a leading `---`, CRLF.
// Not supported (falls back): anchors, aliases, tags, directives, `...`, several documents, `? ` keys,
// tabs anywhere, a lone CR, a BOM, top-level scalars, multi-line flow collections, `- - x`, an empty
// document after `---`, and every syntax error (duplicate keys included).
// Not reproduced: comments (`comment`, `commentBefore`) and `spaceBefore` on nodes, so `toString()`
// of a fast document drops the comments.
import { LightDocument, LightMap, LightPair, LightScalar, LightSeq, type LineCounter, type ScalarType } from './yaml-ast.js';

/** The nodes this parser builds (yaml's ParsedNode types are stricter than the classes). */
type YNode = LightScalar | LightMap | LightSeq;

const LF = 10;
const CR = 13;
const SP = 32;
const DQUOTE = 34;
const HASH = 35;
const SQUOTE = 39;
const PLUS = 43;
const COMMA = 44;
const DASH = 45;
const DOT = 46;
const D0 = 48;
const D1 = 49;
const D9 = 57;
const COLON = 58;
const GT = 62;
const LBRACKET = 91;
const BACKSLASH = 92;
const RBRACKET = 93;
const LBRACE = 123;
const PIPE = 124;
const RBRACE = 125;

/** How a plain scalar's line ended (see `scanPlainLine`). */
const STOP_EOL = 0;
const STOP_COLON = 1;
const STOP_COMMENT = 2;
const STOP_FLOW = 3;

/** yaml refuses implicit keys longer than this (KEY_OVER_1024_CHARS). */
const MAX_KEY_LENGTH = 1024;

/** Thrown (never escapes) when the input leaves the subset; no stack trace is captured. */
class Unsupported {
  constructor(readonly reason: string) {}
}
function bail(reason: string): never {
  throw new Unsupported(reason);
}

export interface FastParseOptions {
  /** Filled with the line starts, as `parseDocument` fills it, only when parsing succeeds. */
  lineCounter?: LineCounter;
}

/**
 * Parses `text` into the same Document `parseDocument(text)` returns, or returns undefined when the text
 * is outside the supported subset or is not valid YAML: parse it with `parseDocument` then.
 */
export function fastParse(text: string, options?: FastParseOptions): LightDocument | undefined {
  const res = fastParseOrReason(text, options);
  return typeof res === 'string' ? undefined : res;
}

/** Like `fastParse`, but says why it falls back (for tests and benchmarks). */
export function fastParseOrReason(text: string, options?: FastParseOptions): LightDocument | string {
  let doc: LightDocument;
  try {
    doc = new FastYamlParser(text).parse();
  } catch (err) {
    if (err instanceof Unsupported) return err.reason;
    // A bug here must not break validation: the full parser is always a correct fallback.
    return `internal error: ${(err as Error)?.message ?? String(err)}`;
  }
  const lc = options?.lineCounter;
  if (lc) {
    lc.addNewLine(0);
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lc.addNewLine(i + 1);
  }
  return doc;
}

class FastYamlParser {
  private readonly src: string;
  private readonly len: number;
  /** Cursor. Between nodes it is at the first non-space character of a content line (or at the end). */
  private pos = 0;
  /** Start of the current content line. */
  private lineStart = 0;
  /** Indentation of the current content line; -1 at the end of the text. */
  private indent = -1;
  /**
   * Blank and comment lines that yaml's CST parser leaves as an item of "start" tokens after the last
   * value of the innermost collection: from `pendStart` up to `pos` (the next content's indentation
   * included). `pendComment` is the deepest comment column among them (-1: none). See `popEnd`.
   */
  private pendStart = 0;
  private pendComment = -1;
  /** Whether the last `scanTrivia` passed a comment line. */
  private sawComment = false;
  /** False while reading the lines before the document, where `---` is allowed. */
  private inDocument = false;
  /** Set by `scanPlainLine`: why the plain scalar stopped, and where (the `:`, `#` or flow indicator). */
  private stop: number = STOP_EOL;
  private stopAt = 0;

  constructor(src: string) {
    this.src = src;
    this.len = src.length;
  }

  parse(): LightDocument {
    const s = this.src;
    // Cheap whole-text checks for characters whose handling differs in subtle ways: fall back.
    if (s.indexOf('\t') !== -1) bail('tab character');
    if (s.indexOf('\uFEFF') !== -1) bail('byte order mark');
    for (let i = s.indexOf('\r'); i !== -1; i = s.indexOf('\r', i + 1)) {
      if (s.charCodeAt(i + 1) !== LF) bail('lone CR line break');
    }

    const doc = new LightDocument();

    // Lines before the document (comments, blank lines) belong to the stream, not the document.
    this.scanTrivia(-1);
    if (this.indent === -1) {
      doc.range = [0, this.len, this.len];
      return doc;
    }
    const docStart = this.lineStart;
    const c0 = s.charCodeAt(this.pos);
    if (this.indent === 0 && c0 === 37 /* % */) bail('directive');
    if (this.indent === 0 && this.isDocMarker(this.pos)) {
      if (c0 === DOT) bail('document end marker');
      doc.directives.docStart = true;
      this.pos += 3;
      this.lineEnd();
      this.inDocument = true;
      this.scanTrivia(-1);
      if (this.atEnd()) bail('empty document after ---');
    }
    this.inDocument = true;

    let root: LightMap | LightSeq;
    let docEnd: number;
    const c = s.charCodeAt(this.pos);
    if (c === LBRACKET || c === LBRACE) {
      // A flow collection as the document (`[]` in an empty _position.yaml).
      root = this.flow();
      this.lineEnd();
      root.range![2] = this.pos;
      this.scanTrivia(-1);
      if (!this.atEnd()) bail('content after the document');
      // yaml ends the document after the line that follows the collection.
      const end = root.range![2];
      const nl = s.indexOf('\n', end);
      docEnd = end === this.len ? end : nl === -1 ? this.len : nl + 1;
    } else {
      if (this.isSeqIndicator(this.pos)) root = this.seq(this.indent);
      else {
        const key = this.tryKey();
        if (!key) bail('document is not a collection');
        root = this.map(this.indent, key);
      }
      if (!this.atEnd()) bail('bad indentation');
      // Trivia after the root that the root did not keep becomes the document's end tokens.
      docEnd = this.pendStart < this.len ? this.len : root.range![2];
    }
    const contentEnd = root.range![2];
    doc.contents = root;
    doc.range = [docStart, contentEnd, docEnd];
    return doc;
  }

  // ---- block collections ------------------------------------------------------------------------

  /** A block mapping at indentation `n`; `key` (its first key) is read and `pos` is after its `:`. */
  private map(n: number, key: LightScalar): LightMap {
    const map = new LightMap();
    const start = key.range![0];
    const items = map.items as LightPair[];
    let seen: Set<unknown> | null = null;
    let valueEnd: number;
    for (;;) {
      seen = checkUnique(items, key.value, seen);
      const value = this.value(n, true);
      items.push(new LightPair(key, value));
      valueEnd = value.range![2];
      if (this.indent !== n) break;
      if (this.isSeqIndicator(this.pos)) bail('sequence item in a mapping');
      const next = this.tryKey();
      if (!next) bail('expected a key');
      key = next;
    }
    if (this.indent > n) bail('bad indentation');
    map.range = [start, valueEnd, this.popEnd(n, valueEnd)];
    return map;
  }

  /** A block sequence at indentation `c`; `pos` is at its first `-`. */
  private seq(c: number): LightSeq {
    const seq = new LightSeq();
    const start = this.pos;
    let valueEnd: number;
    let commentBefore = false;
    for (;;) {
      this.pos++; // the '-'
      const item = this.value(c, false, commentBefore);
      seq.items.push(item);
      valueEnd = item.range![2];
      if (this.indent !== c || !this.isSeqIndicator(this.pos)) break;
      // Comment lines before the next `-` become part of that item's start (see `value`).
      commentBefore = this.pendComment >= 0;
    }
    if (this.indent > c) bail('bad indentation');
    seq.range = [start, valueEnd, this.popEnd(c, valueEnd)];
    return seq;
  }

  /**
   * The collection at indentation `n` ends. yaml keeps the pending trivia (trailing blank and comment
   * lines) inside it, extending its range, when a comment there is indented at least as deep as the
   * collection (and the collection is indented); otherwise the trivia moves up to the parent.
   */
  private popEnd(n: number, valueEnd: number): number {
    if (this.pendStart < this.pos && n > 0 && this.pendComment >= n) {
      this.pendStart = this.pos;
      this.pendComment = -1;
      return this.pos;
    }
    return valueEnd;
  }

  /**
   * The node after a `key:` (`inMap`) or a `-` indicator of the collection at indentation `n`, with
   * `pos` just after the indicator; `commentBefore`: comment lines came before that `-`. Leaves `pos`
   * at the next content line.
   */
  private value(n: number, inMap: boolean, commentBefore = false): YNode {
    const s = this.src;
    let i = this.pos;
    while (s.charCodeAt(i) === SP) i++;
    const c = s.charCodeAt(i);
    this.pos = i;
    if (c === LF || c === CR || c === HASH || i >= this.len) {
      // Nothing more on this line: the value is on the next lines, or empty.
      const emptyAt = i;
      this.lineEnd();
      this.scanTrivia(-1);
      const sawComment = c === HASH || this.sawComment;
      if (this.indent > n) return this.blockNode(n);
      if (inMap && this.indent === n && this.isSeqIndicator(this.pos)) return this.seq(n);
      // An empty value. The lines after it belong to its indicator's tokens, not to a pending item;
      // when those tokens hold a comment, yaml ends the empty node where they end.
      let end = emptyAt;
      if (sawComment || commentBefore) end = inMap && this.indent === n ? this.emptyValueEnd(n, emptyAt) : this.pos;
      this.pendStart = this.pos;
      this.pendComment = -1;
      return this.scalar(null, '', 'PLAIN', emptyAt, emptyAt, end);
    }
    if (c === DASH && this.isBlank(s.charCodeAt(i + 1))) bail(inMap ? 'sequence on the key line' : 'compact nested sequence');
    if (!inMap) {
      // `- key: value`: a mapping whose indentation is the key's column.
      const key = this.tryKey();
      if (key) return this.map(i - this.lineStart, key);
    }
    return this.inlineValue(n);
  }

  /**
   * The end of an empty map value followed by comments and then the next key of its map (at `pos`),
   * as yaml computes it: the parser moves the lines from the second line break after the last comment
   * indented deeper than the map (`n`) on to the next key; the node ends where the rest ends if that
   * holds a comment, else at `emptyAt`.
   */
  private emptyValueEnd(n: number, emptyAt: number): number {
    const s = this.src;
    let i = emptyAt; // the key line: only spaces and a comment are left on it
    let breaks = 0; // line breaks since the last deeper comment
    let second = -1; // offset of the second of them
    let firstComment = -1;
    let ls = -1; // start of the current line (-1: the key line, whose comment never counts as deeper)
    while (i < this.lineStart) {
      while (s.charCodeAt(i) === SP) i++;
      if (s.charCodeAt(i) === HASH) {
        if (firstComment === -1) firstComment = i;
        if (ls !== -1 && i - ls > n) {
          breaks = 0;
          second = -1;
        }
        while (s.charCodeAt(i) !== LF && s.charCodeAt(i) !== CR) i++;
      }
      if (++breaks === 2) second = i;
      i += s.charCodeAt(i) === CR ? 2 : 1;
      ls = i;
    }
    const end = second === -1 ? this.pos : second;
    return firstComment !== -1 && firstComment < end ? end : emptyAt;
  }

  /** A node that starts on its own line, deeper than the collection at indentation `n`. */
  private blockNode(n: number): YNode {
    if (this.isSeqIndicator(this.pos)) return this.seq(this.indent);
    const key = this.tryKey();
    if (key) return this.map(this.indent, key);
    return this.inlineValue(n);
  }

  /**
   * A scalar or flow collection that is the value of an item of the collection at indentation `n`.
   * After it, trailing comment lines indented deeper than `n` belong to the node (yaml appends them
   * to the token's end), which extends its range.
   */
  private inlineValue(n: number): YNode {
    const c = this.src.charCodeAt(this.pos);
    let node: YNode;
    if (c === PIPE || c === GT) {
      node = this.blockScalar(n);
      this.scanTrivia(-1); // a block scalar token has no end tokens: nothing attaches to it
      return node;
    }
    if (c === SQUOTE || c === DQUOTE) node = this.quoted(n + 1);
    else if (c === LBRACKET || c === LBRACE) node = this.flow();
    else node = this.plain(n + 1);
    this.lineEnd();
    node.range![2] = this.pos;
    const absorbed = this.scanTrivia(n);
    if (absorbed !== -1) node.range![2] = absorbed;
    return node;
  }

  // ---- lines --------------------------------------------------------------------------------------

  /**
   * Skips blank and comment lines from a line start, up to the next content line (sets `pos`,
   * `lineStart`, `indent`) or the end. With `absorbIndent` >= 0 (after a scalar or flow collection in
   * a collection at that indentation), leading comment lines indented deeper than it, with only blank
   * lines between, are absorbed into that node: returns where they end (-1: none). The remaining
   * lines are the pending trivia (`pendStart`, `pendComment`).
   */
  private scanTrivia(absorbIndent: number): number {
    const s = this.src;
    const len = this.len;
    let i = this.pos;
    let absorbing = absorbIndent >= 0;
    let absorbed = -1;
    let pendComment = -1;
    let sawComment = false;
    let pendStart = i;
    for (;;) {
      const ls = i;
      while (s.charCodeAt(i) === SP) i++;
      if (i >= len) {
        this.lineStart = ls;
        this.indent = -1;
        this.pos = len;
        break;
      }
      const c = s.charCodeAt(i);
      if (c === LF) {
        i++;
        continue;
      }
      if (c === CR) {
        i += 2; // a CR is always followed by LF (checked up front)
        continue;
      }
      if (c === HASH) {
        const col = i - ls;
        const nl = s.indexOf('\n', i);
        i = nl === -1 ? len : nl + 1;
        sawComment = true;
        if (absorbing && col > absorbIndent) {
          absorbed = i;
          pendStart = i;
        } else {
          absorbing = false;
          if (col > pendComment) pendComment = col;
        }
        continue;
      }
      this.lineStart = ls;
      this.indent = i - ls;
      this.pos = i;
      if (this.indent === 0 && this.inDocument && this.isDocMarker(i)) bail('document marker');
      break;
    }
    this.pendStart = pendStart;
    this.pendComment = pendComment;
    this.sawComment = sawComment;
    return absorbed;
  }

  /** Consumes the rest of the line after a node: spaces, an optional comment and the line break. */
  private lineEnd(): void {
    const s = this.src;
    let i = this.pos;
    while (s.charCodeAt(i) === SP) i++;
    let c = s.charCodeAt(i);
    if (c === HASH) {
      // yaml requires white space before a comment that follows a node.
      if (i === this.pos && i > this.lineStart && s.charCodeAt(i - 1) !== SP) bail('comment without a space before it');
      const nl = s.indexOf('\n', i);
      i = nl === -1 ? this.len : nl;
      if (s.charCodeAt(i - 1) === CR) i--;
      c = s.charCodeAt(i);
    }
    if (c === LF) i++;
    else if (c === CR) i += 2;
    else if (i < this.len) bail('unexpected text after a node');
    this.pos = i;
  }

  private atEnd(): boolean {
    return this.indent === -1;
  }

  private isBlank(c: number): boolean {
    return c === SP || c === LF || c === CR || Number.isNaN(c);
  }

  /** `-` followed by a space or line end. */
  private isSeqIndicator(i: number): boolean {
    return this.src.charCodeAt(i) === DASH && this.isBlank(this.src.charCodeAt(i + 1));
  }

  /** `---` or `...` followed by a space or line end (only meaningful at column 0). */
  private isDocMarker(i: number): boolean {
    const s = this.src;
    const c = s.charCodeAt(i);
    return (c === DASH || c === DOT) && s.charCodeAt(i + 1) === c && s.charCodeAt(i + 2) === c && this.isBlank(s.charCodeAt(i + 3));
  }

  // ---- keys and scalars ---------------------------------------------------------------------------

  /**
   * If an implicit key (plain or quoted, on one line) followed by `:` starts at `pos`, returns it and
   * moves `pos` after the `:`; otherwise returns null and leaves `pos` alone.
   */
  private tryKey(): LightScalar | null {
    const s = this.src;
    const start = this.pos;
    const c = s.charCodeAt(start);
    let end: number;
    let colon: number;
    if (c === SQUOTE || c === DQUOTE) {
      end = this.quoteEnd(start);
      const nl = s.indexOf('\n', start);
      if (nl !== -1 && nl < end) return null; // multi-line: not a key
      colon = end;
      while (s.charCodeAt(colon) === SP) colon++;
      if (s.charCodeAt(colon) !== COLON || !this.isBlank(s.charCodeAt(colon + 1))) return null;
    } else {
      if (!this.isPlainStart(start, false)) return null;
      end = this.scanPlainLine(start, false);
      if (this.stop !== STOP_COLON) return null;
      colon = this.stopAt;
    }
    if (colon - start > MAX_KEY_LENGTH) bail('key longer than 1024 characters');
    const key = c === SQUOTE || c === DQUOTE ? this.quotedScalar(start, end) : resolvePlain(s.slice(start, end), start, end);
    this.pos = colon + 1;
    return key;
  }

  /**
   * Scans a plain scalar from `i` to the end of its line; returns the end of its last non-space
   * character and sets `stop`/`stopAt`. Mirrors yaml's lexer: `: ` and ` #` end it; in flow context
   * also `,[]{}` and `:` before one of them.
   */
  private scanPlainLine(i: number, inFlow: boolean): number {
    const s = this.src;
    const len = this.len;
    let end = i;
    for (; i < len; i++) {
      const c = s.charCodeAt(i);
      if (c === COLON) {
        const next = s.charCodeAt(i + 1);
        if (this.isBlank(next) || (inFlow && isFlowIndicator(next))) {
          this.stop = STOP_COLON;
          this.stopAt = i;
          return end;
        }
        end = i + 1;
      } else if (c === SP) {
        if (s.charCodeAt(i + 1) === HASH) {
          this.stop = STOP_COMMENT;
          this.stopAt = i + 1;
          return end;
        }
      } else if (c === LF || c === CR) {
        break;
      } else if (inFlow && isFlowIndicator(c)) {
        this.stop = STOP_FLOW;
        this.stopAt = i;
        return end;
      } else {
        end = i + 1;
      }
    }
    this.stop = STOP_EOL;
    this.stopAt = i;
    return end;
  }

  /** Whether a plain scalar may start at `i` (indicator characters may not; we also refuse `?`, `:`). */
  private isPlainStart(i: number, inFlow: boolean): boolean {
    const c = this.src.charCodeAt(i);
    switch (c) {
      case DASH:
        return !this.isBlank(this.src.charCodeAt(i + 1)) && !(inFlow && isFlowIndicator(this.src.charCodeAt(i + 1)));
      case 33: // ! tag
      case 37: // % directive
      case 38: // & anchor
      case 42: // * alias
      case 63: // ? explicit key
      case 64: // @ reserved
      case 96: // ` reserved
      case COLON:
      case COMMA:
      case DQUOTE:
      case HASH:
      case SQUOTE:
      case GT:
      case PIPE:
      case LBRACKET:
      case RBRACKET:
      case LBRACE:
      case RBRACE:
        return false;
      default:
        return !Number.isNaN(c) && c !== LF && c !== CR && c !== SP;
    }
  }

  /**
   * A plain scalar value (maybe multi-line: continuation lines need indentation >= `contIndent`).
   * Leaves `pos` at its end.
   */
  private plain(contIndent: number): LightScalar {
    const s = this.src;
    const start = this.pos;
    if (!this.isPlainStart(start, false)) bail(`unsupported node start '${s[start]}'`);
    let end = this.scanPlainLine(start, false);
    let multiLine = false;
    if (this.stop === STOP_COLON) bail('mapping on the same line as its key');
    if (this.stop === STOP_EOL) {
      // Continuation lines (yaml's lexer: blank lines, or lines indented enough that do not start a comment).
      let i = this.stopAt;
      while (i < this.len) {
        i += s.charCodeAt(i) === CR ? 2 : 1; // past the line break
        const ls = i;
        while (s.charCodeAt(i) === SP) i++;
        const c = s.charCodeAt(i);
        if (c === LF || c === CR) continue;
        if (i >= this.len || i - ls < contIndent || c === HASH) break;
        const e = this.scanPlainLine(i, false);
        const stop: number = this.stop; // (a fresh read: TypeScript would keep the narrowing above)
        if (stop === STOP_COLON) bail('implicit key on a continuation line');
        end = e;
        multiLine = true;
        if (stop === STOP_COMMENT) break;
        i = this.stopAt;
      }
    }
    this.pos = end;
    return resolvePlain(multiLine ? unfoldLines(s, start, end) : s.slice(start, end), start, end);
  }

  /** Position of the closing quote of the quoted scalar at `i` (yaml's lexer rules). */
  private quoteEnd(i: number): number {
    const s = this.src;
    let end: number;
    if (s.charCodeAt(i) === SQUOTE) {
      end = s.indexOf("'", i + 1);
      while (end !== -1 && s.charCodeAt(end + 1) === SQUOTE) end = s.indexOf("'", end + 2);
    } else {
      end = s.indexOf('"', i + 1);
      while (end !== -1) {
        let n = 0;
        while (s.charCodeAt(end - 1 - n) === BACKSLASH) n++;
        if (n % 2 === 0) break;
        end = s.indexOf('"', end + 1);
      }
    }
    if (end === -1) bail('unterminated quoted scalar');
    return end + 1;
  }

  /** A quoted scalar value; continuation lines need indentation >= `contIndent`. */
  private quoted(contIndent: number): LightScalar {
    const s = this.src;
    const start = this.pos;
    const end = this.quoteEnd(start);
    for (let nl = s.indexOf('\n', start); nl !== -1 && nl < end; nl = s.indexOf('\n', nl + 1)) {
      let i = nl + 1;
      while (s.charCodeAt(i) === SP) i++;
      const c = s.charCodeAt(i);
      if (c !== LF && c !== CR && i - nl - 1 < contIndent) bail('quoted scalar line not indented enough');
    }
    this.pos = end;
    return this.quotedScalar(start, end);
  }

  private quotedScalar(start: number, end: number): LightScalar {
    const s = this.src;
    let value: string;
    let type: ScalarType;
    if (s.charCodeAt(start) === SQUOTE) {
      type = 'QUOTE_SINGLE';
      value = unfoldLines(s, start + 1, end - 1);
      if (value.indexOf("''") !== -1) value = value.replace(/''/g, "'");
    } else {
      type = 'QUOTE_DOUBLE';
      value = doubleQuotedValue(s, start, end);
    }
    return this.scalar(value, value, type, start, end, end);
  }

  private scalar(value: unknown, source: string, type: ScalarType, start: number, valueEnd: number, nodeEnd: number): LightScalar {
    const node = new LightScalar(value);
    node.range = [start, valueEnd, nodeEnd];
    (node as { source?: string }).source = source;
    node.type = type;
    return node;
  }

  // ---- block scalars ------------------------------------------------------------------------------

  /**
   * A `|` or `>` block scalar in the collection at indentation `n`. Its extent follows yaml's lexer
   * (`parseBlockScalar`), its value yaml's `resolveBlockScalar`; both are ported closely, since the
   * rules for indentation and trailing lines are subtle. Leaves `pos` at the line after it.
   */
  private blockScalar(n: number): LightScalar {
    const s = this.src;
    const len = this.len;
    const start = this.pos;
    const folded = s.charCodeAt(start) === GT;
    let chomp = 0; // 0 clip, DASH strip, PLUS keep
    let explicit = 0; // indentation indicator
    let i = start + 1;
    for (;; i++) {
      const c = s.charCodeAt(i);
      if ((c === DASH || c === PLUS) && chomp === 0) chomp = c;
      else if (c >= D1 && c <= D9 && explicit === 0) explicit = c - D0;
      else break;
    }
    const headerEnd = i;
    while (s.charCodeAt(i) === SP) i++;
    if (s.charCodeAt(i) === HASH) {
      if (i === headerEnd) bail('block scalar header with extra characters');
      const nl = s.indexOf('\n', i);
      i = nl === -1 ? len : nl;
      if (s.charCodeAt(i - 1) === CR) i--;
    }
    const c = s.charCodeAt(i);
    if (c === LF) i++;
    else if (c === CR) i += 2;
    else if (i < len) bail('block scalar header with extra characters');
    const bodyStart = i;
    const headerLength = bodyStart - start;

    // -- extent (Lexer.parseBlockScalar) --
    let indentNext = n + 1;
    let nl = bodyStart - 1;
    let indent = 0;
    for (let j = bodyStart; j < len; j++) {
      const ch = s.charCodeAt(j);
      if (ch === SP) indent++;
      else if (ch === LF) {
        nl = j;
        indent = 0;
      } else if (ch !== CR) break; // CR is always followed by LF
    }
    if (indent >= indentNext) {
      indentNext = explicit === 0 ? indent : explicit - 1 + indentNext;
      do {
        const cs = continueBlockScalar(s, nl + 1, indentNext);
        if (cs === -1) break;
        nl = s.indexOf('\n', cs);
      } while (nl !== -1);
      if (nl === -1) nl = len;
    }
    if (chomp !== PLUS) {
      // Trailing blank lines that are not more indented are not part of the scalar.
      for (;;) {
        let k = nl - 1;
        let ch = s.charCodeAt(k);
        if (ch === CR) ch = s.charCodeAt(--k);
        const lastChar = k;
        while (ch === SP) ch = s.charCodeAt(--k);
        if (ch === LF && k >= bodyStart && k + 1 + indent > lastChar) nl = k;
        else break;
      }
    }
    const end = Math.min(nl + 1, len);
    const source = s.slice(bodyStart, end);
    this.pos = end;

    // -- value (resolveBlockScalar) --
    const value = blockScalarValue(source, folded, chomp, explicit, n);
    return this.scalar(value, value, folded ? 'BLOCK_FOLDED' : 'BLOCK_LITERAL', start, start + headerLength + source.length, start + headerLength + source.length);
  }

  // ---- flow collections ---------------------------------------------------------------------------

  /** A flow mapping or sequence on one line (`[a, b]`, `{en_US: x}`), nested ones included. */
  private flow(): LightMap | LightSeq {
    const s = this.src;
    const start = this.pos;
    const isMap = s.charCodeAt(start) === LBRACE;
    const close = isMap ? RBRACE : RBRACKET;
    const coll = isMap ? new LightMap() : new LightSeq();
    coll.flow = true;
    let seen: Set<unknown> | null = null;
    let i = start + 1;
    while (s.charCodeAt(i) === SP) i++;
    if (s.charCodeAt(i) !== close) {
      for (;;) {
        this.pos = i;
        let item: YNode;
        if (isMap) {
          const key = this.flowScalar();
          if (!(key instanceof LightScalar)) bail('flow collection as a key');
          key.range![2] = key.range![1];
          i = this.pos;
          while (s.charCodeAt(i) === SP) i++;
          if (s.charCodeAt(i) !== COLON || s.charCodeAt(i + 1) !== SP) bail('flow mapping key without ": "');
          i += 2;
          while (s.charCodeAt(i) === SP) i++;
          this.pos = i;
          item = this.flowScalar();
          const items = (coll as LightMap).items as LightPair[];
          seen = checkUnique(items, key.value, seen);
          items.push(new LightPair(key, item));
        } else {
          item = this.flowScalar();
          (coll as LightSeq).items.push(item);
        }
        i = this.pos;
        while (s.charCodeAt(i) === SP) i++;
        // A flow item's node ends where the next `,` or the closing bracket is.
        item.range![2] = i;
        const c = s.charCodeAt(i);
        if (c === COMMA) {
          i++;
          while (s.charCodeAt(i) === SP) i++;
          if (s.charCodeAt(i) === close) bail('trailing comma in a flow collection');
          continue;
        }
        if (c === close) break;
        bail('unsupported flow collection');
      }
    }
    i++;
    coll.range = [start, i, i];
    this.pos = i;
    return coll;
  }

  /** An item inside a one-line flow collection: a quoted or plain scalar, or a nested collection. */
  private flowScalar(): YNode {
    const s = this.src;
    const start = this.pos;
    const c = s.charCodeAt(start);
    if (c === LBRACKET || c === LBRACE) return this.flow();
    if (c === SQUOTE || c === DQUOTE) {
      const end = this.quoteEnd(start);
      const nl = s.indexOf('\n', start);
      if (nl !== -1 && nl < end) bail('multi-line flow collection');
      this.pos = end;
      return this.quotedScalar(start, end);
    }
    if (!this.isPlainStart(start, true)) bail(`unsupported flow item start '${s[start] ?? 'end'}'`);
    const end = this.scanPlainLine(start, true);
    if (this.stop === STOP_EOL) bail('multi-line flow collection');
    if (this.stop === STOP_COMMENT) bail('comment in a flow collection');
    this.pos = end;
    return resolvePlain(s.slice(start, end), start, end);
  }
}

/**
 * yaml's `uniqueKeys` check: bails when a key's value is === an earlier key's. Past 16 keys a Set
 * keeps huge maps linear (it also calls two NaN keys equal, which only makes us fall back).
 */
function checkUnique(items: LightPair[], value: unknown, seen: Set<unknown> | null): Set<unknown> | null {
  if (seen === null) {
    for (let j = 0; j < items.length; j++) {
      if ((items[j].key as LightScalar).value === value) bail('duplicate key');
    }
    if (items.length < 16) return null;
    seen = new Set();
    for (let j = 0; j < items.length; j++) seen.add((items[j].key as LightScalar).value);
  } else if (seen.has(value)) {
    bail('duplicate key');
  }
  seen.add(value);
  return seen;
}

function isFlowIndicator(c: number): boolean {
  return c === COMMA || c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE;
}

// ---- scalar values (ports of yaml's compose/resolve-flow-scalar.js and the core schema) -----------

// The core schema's number patterns, verbatim from yaml (schema/core/int.js, float.js); tried in
// yaml's order, only for scalars that start like a number.
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** A plain scalar node with its YAML 1.2 core schema value (null, bool, int, float or string). */
function resolvePlain(str: string, start: number, end: number): LightScalar {
  let value: unknown = str;
  let format: string | undefined;
  let minFractionDigits = 0;
  const c = str.charCodeAt(0);
  switch (c) {
    case 126: // ~
      if (str.length === 1) value = null;
      break;
    case 110: // n
    case 78: // N
      if (str === 'null' || str === 'Null' || str === 'NULL') value = null;
      break;
    case 116: // t
    case 84: // T
      if (str === 'true' || str === 'True' || str === 'TRUE') value = true;
      break;
    case 102: // f
    case 70: // F
      if (str === 'false' || str === 'False' || str === 'FALSE') value = false;
      break;
    default:
      if (Number.isNaN(c)) value = null; // empty
      else if ((c >= D0 && c <= D9) || c === PLUS || c === DASH || c === DOT) {
        if (INT_OCT.test(str)) {
          value = parseInt(str.substring(2), 8);
          format = 'OCT';
        } else if (INT.test(str)) value = parseInt(str, 10);
        else if (INT_HEX.test(str)) {
          value = parseInt(str.substring(2), 16);
          format = 'HEX';
        } else if (FLOAT_NAN.test(str)) {
          value = str.slice(-3).toLowerCase() === 'nan' ? NaN : str[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
        } else if (FLOAT_EXP.test(str)) {
          value = parseFloat(str);
          format = 'EXP';
        } else if (FLOAT.test(str)) {
          value = parseFloat(str);
          const dot = str.indexOf('.');
          if (dot !== -1 && str.charCodeAt(str.length - 1) === D0) minFractionDigits = str.length - dot - 1;
        }
      }
  }
  const node = new LightScalar(value);
  if (minFractionDigits) node.minFractionDigits = minFractionDigits;
  node.range = [start, end, end];
  (node as { source?: string }).source = str;
  node.type = 'PLAIN';
  if (format) node.format = format;
  return node;
}

/**
 * Folds a multi-line plain or single-quoted scalar's text `s[start, end)` as yaml's `unfoldLines`:
 * a line break becomes a space, n blank lines become n line breaks, white space around breaks goes.
 */
function unfoldLines(s: string, start: number, end: number): string {
  let nl = s.indexOf('\n', start);
  if (nl === -1 || nl >= end) return s.slice(start, end);
  let res = s.slice(start, trimEnd(s, start, nl));
  let sep = ' ';
  let i = nl + 1;
  for (nl = s.indexOf('\n', i); nl !== -1 && nl < end; nl = s.indexOf('\n', i)) {
    let a = i;
    while (s.charCodeAt(a) === SP) a++;
    const b = trimEnd(s, a, nl);
    if (a === b) {
      if (sep === '\n') res += sep;
      else sep = '\n';
    } else {
      res += sep + s.slice(a, b);
      sep = ' ';
    }
    i = nl + 1;
  }
  while (i < end && s.charCodeAt(i) === SP) i++;
  return res + sep + s.slice(i, end);
}

/** End of `s[start, lineEnd)` without trailing spaces and CR. */
function trimEnd(s: string, start: number, lineEnd: number): number {
  let e = lineEnd;
  if (e > start && s.charCodeAt(e - 1) === CR) e--;
  while (e > start && s.charCodeAt(e - 1) === SP) e--;
  return e;
}

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
};

/** The value of the double-quoted scalar `s[start, end)` (quotes included), as yaml's `doubleQuotedValue`. */
function doubleQuotedValue(s: string, start: number, end: number): string {
  const last = end - 1;
  // Fast path: nothing to unescape or fold.
  let i = start + 1;
  while (i < last) {
    const c = s.charCodeAt(i);
    if (c === BACKSLASH || c === LF || c === CR) break;
    i++;
  }
  if (i === last) return s.slice(start + 1, last);
  // The slow path below handles white space before a line break: start it before any.
  while (i > start + 1 && s.charCodeAt(i - 1) === SP) i--;

  let res = s.slice(start + 1, i);
  for (; i < last; ++i) {
    const ch = s[i];
    if (ch === '\r' && s[i + 1] === '\n') continue;
    if (ch === '\n') {
      // A line break folds to a space; n blank lines to n line breaks. Leading white space goes.
      let fold = '';
      let next = s[i + 1];
      while (next === ' ' || next === '\n' || next === '\r') {
        if (next === '\r' && s[i + 2] !== '\n') break;
        if (next === '\n') fold += '\n';
        i += 1;
        next = s[i + 1];
      }
      res += fold || ' ';
    } else if (ch === '\\') {
      let next = s[++i];
      const cc = ESCAPES[next];
      if (cc) res += cc;
      else if (next === '\n') {
        // An escaped line break: skipped, and the next line's leading white space with it.
        next = s[i + 1];
        while (next === ' ') next = s[++i + 1];
      } else if (next === '\r' && s[i + 1] === '\n') {
        next = s[++i + 1];
        while (next === ' ') next = s[++i + 1];
      } else if (next === 'x' || next === 'u' || next === 'U') {
        const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
        const hex = s.substr(i + 1, length);
        const code = hex.length === length && /^[0-9a-fA-F]+$/.test(hex) ? parseInt(hex, 16) : NaN;
        if (!(code <= 0x10ffff)) bail('invalid escape sequence');
        res += String.fromCodePoint(code);
        i += length;
      } else {
        bail('invalid escape sequence');
      }
    } else if (ch === ' ') {
      // White space before a line break is dropped.
      const wsStart = i;
      let next = s[i + 1];
      while (next === ' ') next = s[++i + 1];
      if (next !== '\n' && !(next === '\r' && s[i + 2] === '\n')) res += i > wsStart ? s.slice(wsStart, i + 1) : ch;
    } else {
      res += ch;
    }
  }
  return res;
}

/** yaml lexer's `continueScalar` for block scalars (minimum indentation > 0). */
function continueBlockScalar(s: string, offset: number, indentNext: number): number {
  let indent = 0;
  let ch = s.charCodeAt(offset);
  while (ch === SP) ch = s.charCodeAt(++indent + offset);
  if (ch === CR && s.charCodeAt(indent + offset + 1) === LF) return offset + indent + 1;
  return ch === LF || indent >= indentNext ? offset + indent : -1;
}

/**
 * A block scalar's value from its body `source`, as yaml's `resolveBlockScalar` computes it; `n` is
 * the parent collection's indentation. Bails where yaml reports an error.
 */
function blockScalarValue(source: string, folded: boolean, chomp: number, explicit: number, n: number): string {
  const lines = source ? splitLines(source) : [];
  // Trailing empty lines are subject to chomping.
  let chompStart = lines.length;
  for (let i = lines.length - 1; i >= 0; --i) {
    const content = lines[i][1];
    if (content === '' || content === '\r') chompStart = i;
    else break;
  }
  if (chompStart === 0) return chomp === PLUS && lines.length > 0 ? '\n'.repeat(Math.max(1, lines.length - 1)) : '';

  let trimIndent = n + explicit;
  let contentStart = 0;
  for (let i = 0; i < chompStart; ++i) {
    const [indent, content] = lines[i];
    if (content === '' || content === '\r') {
      if (explicit === 0 && indent.length > trimIndent) trimIndent = indent.length;
    } else {
      if (indent.length < trimIndent) bail('block scalar with more-indented leading empty lines');
      if (explicit === 0) trimIndent = indent.length;
      contentStart = i;
      if (trimIndent === 0) bail('block scalar not indented');
      break;
    }
  }
  // More-indented trailing empty lines are content.
  for (let i = lines.length - 1; i >= chompStart; --i) {
    if (lines[i][0].length > trimIndent) chompStart = i + 1;
  }
  let value = '';
  let sep = '';
  let prevMoreIndented = false;
  for (let i = 0; i < contentStart; ++i) value += lines[i][0].slice(trimIndent) + '\n';
  for (let i = contentStart; i < chompStart; ++i) {
    const indent = lines[i][0];
    let content = lines[i][1];
    if (content.charCodeAt(content.length - 1) === CR) content = content.slice(0, -1);
    if (content && indent.length < trimIndent) bail('block scalar line less indented than the first');
    if (!folded) {
      value += sep + indent.slice(trimIndent) + content;
      sep = '\n';
    } else if (indent.length > trimIndent) {
      // More-indented lines of a folded scalar keep their line breaks.
      if (sep === ' ') sep = '\n';
      else if (!prevMoreIndented && sep === '\n') sep = '\n\n';
      value += sep + indent.slice(trimIndent) + content;
      sep = '\n';
      prevMoreIndented = true;
    } else if (content === '') {
      if (sep === '\n') value += '\n';
      else sep = '\n';
    } else {
      value += sep + content;
      sep = ' ';
      prevMoreIndented = false;
    }
  }
  if (chomp === PLUS) {
    for (let i = chompStart; i < lines.length; ++i) value += '\n' + lines[i][0].slice(trimIndent);
    if (value[value.length - 1] !== '\n') value += '\n';
  } else if (chomp !== DASH) {
    value += '\n';
  }
  return value;
}

/** Splits a block scalar body into `[indent, content]` lines, as yaml does. */
function splitLines(source: string): [string, string][] {
  const split = source.split(/\n( *)/);
  const first = split[0];
  let i = 0;
  while (first.charCodeAt(i) === SP) i++;
  const lines: [string, string][] = [[first.slice(0, i), first.slice(i)]];
  for (let j = 1; j < split.length; j += 2) lines.push([split[j], split[j + 1]]);
  return lines;
}
