// A small, forgiving Python tokenizer: enough to find class statements, imports and method names in
// plugin sources that are read as text and never executed. It never throws: unterminated strings end
// at the end of the line (or file), unknown characters become operator tokens, and the token count is
// bounded so a hostile file cannot make it run away.

export type TokenType = 'name' | 'number' | 'string' | 'op';

export interface Token {
  type: TokenType;
  value: string;
  /** 1-based line and column (columns count UTF-16 code units, as editors do for BMP text). */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** One logical line (physical lines joined by brackets or backslashes), split at top-level `;`. */
export interface Statement {
  /** Indentation width of the logical line (tabs to the next multiple of 8, as CPython does). */
  indent: number;
  tokens: Token[];
}

export interface TokenizeResult {
  statements: Statement[];
  /** True when the token budget stopped the scan early. */
  truncated: boolean;
}

/** A plugin source with more tokens than this is not worth scanning further (real ones have < 20k). */
export const MAX_TOKENS = 400_000;

const NAME_START = /[\p{L}\p{Nl}_]/u;
const NAME_REST = /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}_]/u;
const OPERATORS = ['**=', '//=', '>>=', '<<=', '...', '->', ':=', '**', '//', '<<', '>>', '==', '!=', '<=', '>=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@='];
/** First characters of the multi-character operators: only these need the OPERATORS lookup. */
const OPERATOR_START = new Set(OPERATORS.map((o) => o[0]));
const STRING_PREFIX = /^(?:[rRbBuUfFtT]{1,2})$/;

export function tokenize(source: string, maxTokens = MAX_TOKENS): TokenizeResult {
  // The class, import and credential rules and the indentation check read the same sources: tokenize
  // each once. Callers treat the result as read-only.
  if (maxTokens === MAX_TOKENS) {
    const hit = memo.get(source);
    if (hit) return hit;
    const result = tokenizeUncached(source, maxTokens);
    if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value!);
    memo.set(source, result);
    return result;
  }
  return tokenizeUncached(source, maxTokens);
}

const MEMO_SIZE = 64;
const memo = new Map<string, TokenizeResult>();

function tokenizeUncached(source: string, maxTokens: number): TokenizeResult {
  // Hot in every validate run (it reads every plugin source): character codes rather than
  // one-character strings, and no second pass over a statement without a `;`.
  const statements: Statement[] = [];
  let current: Token[] = [];
  let semicolon = false; // current holds a top-level `;`
  let indent = 0;
  let depth = 0; // open brackets
  let atLineStart = true;
  let line = 1;
  let lineStart = 0; // offset of the current physical line
  let count = 0;
  let truncated = false;
  const n = source.length;
  let i = 0;

  const endStatement = () => {
    if (current.length > 0) {
      if (!semicolon) statements.push({ indent, tokens: current });
      else {
        // Split at top-level semicolons: `import a; import b` are two statements.
        let part: Token[] = [];
        let d = 0;
        for (const t of current) {
          if (t.type === 'op') {
            if (t.value === '(' || t.value === '[' || t.value === '{') d++;
            else if ((t.value === ')' || t.value === ']' || t.value === '}') && d > 0) d--;
            else if (t.value === ';' && d === 0) {
              if (part.length > 0) statements.push({ indent, tokens: part });
              part = [];
              continue;
            }
          }
          part.push(t);
        }
        if (part.length > 0) statements.push({ indent, tokens: part });
      }
    }
    current = [];
    semicolon = false;
    depth = 0;
    atLineStart = true;
  };
  const push = (type: TokenType, value: string, startOffset: number, startLine: number, startLineStart: number) => {
    if (++count > maxTokens) {
      truncated = true;
      return;
    }
    current.push({
      type,
      value,
      line: startLine,
      column: startOffset - startLineStart + 1,
      endLine: line,
      endColumn: i - lineStart + 1,
    });
  };

  while (i < n && !truncated) {
    const code = source.charCodeAt(i);

    if (atLineStart && depth === 0) {
      // Measure indentation of a new logical line; blank and comment-only lines do not count.
      let width = 0;
      let j = i;
      for (; j < n; j++) {
        const w = source.charCodeAt(j);
        if (w === SPACE) width++;
        else if (w === TAB) width = (Math.floor(width / 8) + 1) * 8;
        else if (w === FF) width = 0;
        else break;
      }
      i = j;
      if (i >= n) break;
      const d = source.charCodeAt(i);
      if (d === LF || d === CR || d === HASH) {
        // A blank or comment-only line: skip it whole, indentation does not count.
        if (d === HASH) i = lineEnd(source, i);
        if (i < n) {
          const crlf = source.charCodeAt(i) === CR && source.charCodeAt(i + 1) === LF;
          line++;
          lineStart = i + (crlf ? 1 : 0) + 1;
          i += crlf ? 2 : 1;
        }
        continue;
      }
      indent = width;
      atLineStart = false;
      continue;
    }

    if (code === CR || code === LF) {
      const crlf = code === CR && source.charCodeAt(i + 1) === LF;
      line++;
      lineStart = i + (crlf ? 1 : 0) + 1;
      i += crlf ? 2 : 1;
      if (depth === 0) endStatement();
      continue;
    }
    if (code === SPACE || code === TAB || code === FF || code === VT) {
      i++;
      continue;
    }
    if (code === HASH) {
      i = lineEnd(source, i);
      continue;
    }
    if (code === BACKSLASH) {
      const next = source.charCodeAt(i + 1);
      if (next === LF || next === CR) {
        // Explicit line joining.
        const crlf = next === CR && source.charCodeAt(i + 2) === LF;
        i += crlf ? 3 : 2;
        line++;
        lineStart = i;
        continue;
      }
    }

    const startOffset = i;
    const startLine = line;
    const startLineStart = lineStart;

    if (isAsciiNameStart(code) || code > 0x7f) {
      // A name, unless it is a string prefix followed by a quote.
      let j = i + 1;
      for (; j < n; j++) {
        const r = source.charCodeAt(j);
        if (r < 0x80 ? !(isAsciiNameStart(r) || (r >= 48 && r <= 57)) : !NAME_REST.test(source[j])) break;
      }
      const after = source.charCodeAt(j);
      if ((after === DQUOTE || after === SQUOTE) && j - i <= 2) {
        const word = source.slice(i, j);
        if (STRING_PREFIX.test(word)) {
          const lower = word.toLowerCase();
          i = j;
          scanString(lower.includes('f') || lower.includes('t'));
          push('string', source.slice(startOffset, i), startOffset, startLine, startLineStart);
          continue;
        }
      }
      if (code > 0x7f && !NAME_START.test(source[i])) {
        // A stray non-identifier character (emoji, symbol): an operator token, never a name.
        i = startOffset + (code >= 0xd800 && code <= 0xdbff ? 2 : 1);
        push('op', source.slice(startOffset, i), startOffset, startLine, startLineStart);
        continue;
      }
      i = j;
      push('name', source.slice(startOffset, j), startOffset, startLine, startLineStart);
      continue;
    }
    if (code === DQUOTE || code === SQUOTE) {
      scanString(false);
      push('string', source.slice(startOffset, i), startOffset, startLine, startLineStart);
      continue;
    }
    if ((code >= 48 && code <= 57) || (code === DOT && isDigitCode(source.charCodeAt(i + 1)))) {
      let j = i + 1;
      const hex = code === 48 && (source.charCodeAt(i + 1) | 0x20) === 120; // 0x / 0X
      for (; j < n; j++) {
        const r = source.charCodeAt(j);
        if (isNumberPart(r)) continue;
        // An exponent sign (1e-3), never in a hex literal.
        if ((r === PLUS || r === MINUS) && (source.charCodeAt(j - 1) | 0x20) === 101 && !(hex && j >= i + 2)) continue;
        break;
      }
      i = j;
      push('number', source.slice(startOffset, i), startOffset, startLine, startLineStart);
      continue;
    }
    // Operators and punctuation.
    const c = source[i];
    const op = (OPERATOR_START.has(c) && OPERATORS.find((o) => source.startsWith(o, i))) || c;
    i += op.length;
    if (op === '(' || op === '[' || op === '{') depth++;
    else if ((op === ')' || op === ']' || op === '}') && depth > 0) depth--;
    else if (op === ';' && depth === 0) semicolon = true;
    push('op', op, startOffset, startLine, startLineStart);
  }
  if (!truncated) endStatement();
  else current = [];
  return { statements, truncated };

  /** Scans a string literal starting at the quote at `i`; leaves `i` after it. */
  function scanString(formatted: boolean): void {
    const q = source.charCodeAt(i);
    const triple = source.charCodeAt(i + 1) === q && source.charCodeAt(i + 2) === q;
    i += triple ? 3 : 1;
    let braces = 0;
    while (i < n) {
      const d = source.charCodeAt(i);
      if (d === BACKSLASH) {
        const next = source.charCodeAt(i + 1);
        const crlf = next === CR && source.charCodeAt(i + 2) === LF;
        if (next === LF) {
          line++;
          lineStart = i + 2;
        } else if (next === CR) {
          line++;
          lineStart = i + (crlf ? 2 : 1) + 1;
        }
        i += crlf ? 3 : 2;
        continue;
      }
      if (d === LF || d === CR) {
        if (!triple && braces === 0) return; // unterminated: ends at the line end, the newline stays
        const crlf = d === CR && source.charCodeAt(i + 1) === LF;
        line++;
        lineStart = i + (crlf ? 1 : 0) + 1;
        i += crlf ? 2 : 1;
        continue;
      }
      if (formatted) {
        if (d === LBRACE) {
          if (braces === 0 && source.charCodeAt(i + 1) === LBRACE) {
            i += 2;
            continue;
          }
          braces++;
          i++;
          continue;
        }
        if (d === RBRACE && braces > 0) {
          braces--;
          i++;
          continue;
        }
        if (braces > 0 && (d === DQUOTE || d === SQUOTE)) {
          // A string nested in a replacement field (Python 3.12 allows the same quote).
          scanString(false);
          continue;
        }
      }
      if (braces === 0 && d === q && (!triple || (source.charCodeAt(i + 1) === q && source.charCodeAt(i + 2) === q))) {
        i += triple ? 3 : 1;
        return;
      }
      i++;
    }
  }
}

const TAB = 9;
const LF = 10;
const VT = 11;
const FF = 12;
const CR = 13;
const SPACE = 32;
const DQUOTE = 34;
const HASH = 35;
const SQUOTE = 39;
const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const BACKSLASH = 92;
const LBRACE = 123;
const RBRACE = 125;

/** The offset of the line break (or the end) at or after `i`. */
function lineEnd(source: string, i: number): number {
  const n = source.length;
  for (; i < n; i++) {
    const c = source.charCodeAt(i);
    if (c === LF || c === CR) break;
  }
  return i;
}

function isDigitCode(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isNameRest(ch: string): boolean {
  const code = ch.charCodeAt(0);
  if (code < 0x80) return isAsciiNameStart(code) || (code >= 48 && code <= 57);
  return NAME_REST.test(ch);
}

function isAsciiNameStart(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95;
}

/** [0-9A-Za-z_.] */
function isNumberPart(code: number): boolean {
  return isAsciiNameStart(code) || (code >= 48 && code <= 57) || code === 46;
}

function isDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9';
}

function isHighSurrogate(ch: string): boolean {
  const code = ch.charCodeAt(0);
  return code >= 0xd800 && code <= 0xdbff;
}
