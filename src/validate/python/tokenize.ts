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
  const statements: Statement[] = [];
  let current: Token[] = [];
  let indent = 0;
  let depth = 0; // open brackets
  let atLineStart = true;
  let line = 1;
  let lineStart = 0; // offset of the current physical line
  let count = 0;
  let truncated = false;
  const n = source.length;
  let i = 0;

  const col = (offset: number) => offset - lineStart + 1;
  const endStatement = () => {
    if (current.length > 0) {
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
    current = [];
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
      endColumn: col(i),
    });
  };
  const newline = (offset: number) => {
    line++;
    lineStart = offset + 1;
  };

  while (i < n && !truncated) {
    const c = source[i];

    if (atLineStart && depth === 0) {
      // Measure indentation of a new logical line; blank and comment-only lines do not count.
      let width = 0;
      let j = i;
      while (j < n && (source[j] === ' ' || source[j] === '\t' || source[j] === '\f')) {
        width = source[j] === '\t' ? (Math.floor(width / 8) + 1) * 8 : source[j] === '\f' ? 0 : width + 1;
        j++;
      }
      i = j;
      if (i >= n) break;
      const d = source[i];
      if (d === '\n' || d === '\r' || d === '#') {
        // A blank or comment-only line: skip it whole, indentation does not count.
        if (d === '#') while (i < n && source[i] !== '\n' && source[i] !== '\r') i++;
        if (i < n) {
          const crlf = source[i] === '\r' && source[i + 1] === '\n';
          newline(i + (crlf ? 1 : 0));
          i += crlf ? 2 : 1;
        }
        continue;
      }
      indent = width;
      atLineStart = false;
      continue;
    }

    if (c === '\r' || c === '\n') {
      const crlf = c === '\r' && source[i + 1] === '\n';
      newline(i + (crlf ? 1 : 0));
      i += crlf ? 2 : 1;
      if (depth === 0) endStatement();
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\f' || c === '\v') {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < n && source[i] !== '\n' && source[i] !== '\r') i++;
      continue;
    }
    if (c === '\\' && (source[i + 1] === '\n' || source[i + 1] === '\r')) {
      // Explicit line joining.
      const crlf = source[i + 1] === '\r' && source[i + 2] === '\n';
      i += crlf ? 3 : 2;
      newline(i - 1);
      continue;
    }

    const startOffset = i;
    const startLine = line;
    const startLineStart = lineStart;

    const code = c.charCodeAt(0);
    if (isAsciiNameStart(code) || code > 0x7f) {
      // A name, unless it is a string prefix followed by a quote.
      let j = i + 1;
      while (j < n && isNameRest(source[j])) j++;
      const word = source.slice(i, j);
      if ((source[j] === '"' || source[j] === "'") && STRING_PREFIX.test(word)) {
        i = j;
        scanString(word.toLowerCase().includes('f') || word.toLowerCase().includes('t'));
        push('string', source.slice(startOffset, i), startOffset, startLine, startLineStart);
        continue;
      }
      if (code > 0x7f && !NAME_START.test(c)) {
        // A stray non-identifier character (emoji, symbol): an operator token, never a name.
        i = startOffset + (isHighSurrogate(c) ? 2 : 1);
        push('op', source.slice(startOffset, i), startOffset, startLine, startLineStart);
        continue;
      }
      i = j;
      push('name', word, startOffset, startLine, startLineStart);
      continue;
    }
    if (c === '"' || c === "'") {
      scanString(false);
      push('string', source.slice(startOffset, i), startOffset, startLine, startLineStart);
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(source[i + 1] ?? ''))) {
      let j = i + 1;
      while (j < n && (isNumberPart(source.charCodeAt(j)) || ((source[j] === '+' || source[j] === '-') && (source[j - 1] === 'e' || source[j - 1] === 'E') && !/^0[xX]/.test(source.slice(i, j))))) j++;
      i = j;
      push('number', source.slice(startOffset, i), startOffset, startLine, startLineStart);
      continue;
    }
    // Operators and punctuation.
    const op = (OPERATOR_START.has(c) && OPERATORS.find((o) => source.startsWith(o, i))) || c;
    i += op.length;
    if (op === '(' || op === '[' || op === '{') depth++;
    else if ((op === ')' || op === ']' || op === '}') && depth > 0) depth--;
    push('op', op, startOffset, startLine, startLineStart);
  }
  if (!truncated) endStatement();
  else current = [];
  return { statements, truncated };

  /** Scans a string literal starting at the quote at `i`; leaves `i` after it. */
  function scanString(formatted: boolean): void {
    const q = source[i];
    const triple = source[i + 1] === q && source[i + 2] === q;
    const delim = triple ? q + q + q : q;
    i += delim.length;
    let braces = 0;
    while (i < n) {
      const d = source[i];
      if (d === '\\') {
        if (source[i + 1] === '\n') newline(i + 1);
        else if (source[i + 1] === '\r') newline(i + (source[i + 2] === '\n' ? 2 : 1));
        i += source[i + 1] === '\r' && source[i + 2] === '\n' ? 3 : 2;
        continue;
      }
      if (d === '\n' || d === '\r') {
        if (!triple && braces === 0) return; // unterminated: ends at the line end, the newline stays
        const crlf = d === '\r' && source[i + 1] === '\n';
        newline(i + (crlf ? 1 : 0));
        i += crlf ? 2 : 1;
        continue;
      }
      if (formatted) {
        if (d === '{') {
          if (braces === 0 && source[i + 1] === '{') {
            i += 2;
            continue;
          }
          braces++;
          i++;
          continue;
        }
        if (d === '}' && braces > 0) {
          braces--;
          i++;
          continue;
        }
        if (braces > 0 && (d === '"' || d === "'")) {
          // A string nested in a replacement field (Python 3.12 allows the same quote).
          scanString(false);
          continue;
        }
      }
      if (braces === 0 && source.startsWith(delim, i)) {
        i += delim.length;
        return;
      }
      i++;
    }
  }
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
