// Where a YAML syntax error comes from. The parser notices a problem where it can no longer go on,
// often lines after the cause (an unclosed quote is "missing" at the end of the file); authors need
// the place to edit: where the unclosed quote or bracket opens, or the line whose indentation breaks
// the structure. This scan runs only for files that failed to parse, over their text, with the
// parser's first error line as a bound: a cause found after it is not the cause.
import type { Position } from './position.js';

export interface SyntaxCause {
  position: Position;
  message: string;
}

interface Line {
  /** 1-based line number. */
  n: number;
  indent: number;
  /** The line without its indentation and without a trailing comment. */
  content: string;
}

/** The first cause found at or before `errorLine` (+1: an indentation error is often noticed on the line before). */
export function findSyntaxCause(text: string, errorLine: number): SyntaxCause | undefined {
  const causes = [unclosed(text), badIndentation(text)].filter((c): c is SyntaxCause => c !== undefined && c.position.line <= errorLine + 1);
  causes.sort((a, b) => a.position.line - b.position.line || a.position.column - b.position.column);
  return causes[0];
}

/**
 * A quoted scalar or flow collection ([...] / {...}) opened at a value position and not closed on its
 * line, when a later line looks like the next key of the document: the quote or bracket was never
 * closed. (Multi-line quoted scalars and flow collections are valid YAML, but in a file that failed
 * to parse, one followed by a `key:` line at its own indentation or less is the cause.)
 */
function unclosed(text: string): SyntaxCause | undefined {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const indent = raw.length - raw.trimStart().length;
    const open = openAtEnd(raw);
    if (!open) continue;
    // Does a later line look like a key at this line's indentation or less, before the opener closes?
    for (let j = i + 1; j < lines.length; j++) {
      const next = lines[j];
      if (next.trim() === '' || next.trimStart().startsWith('#')) continue;
      const nIndent = next.length - next.trimStart().length;
      if (open.kind !== '"' && open.kind !== "'" && closes(next, open.kind)) break;
      if ((open.kind === '"' || open.kind === "'") && next.includes(open.kind)) {
        // The quote closes on a later line: fine if that line ends the scalar, but a `key:` line
        // before it means the quote ran over the structure.
        if (nIndent <= indent && /^\s*(-\s+)?[\w.-]+\s*:(\s|$)/.test(next) && next.indexOf(open.kind) > next.indexOf(':')) return report(open, i, raw);
        break;
      }
      if (nIndent <= indent && /^\s*(-\s+|[\w.-]+\s*:(\s|$))/.test(next)) return report(open, i, raw);
    }
    if (open.kind === '"' || open.kind === "'") {
      // Never closed before the end of the file.
      const rest = lines.slice(i + 1).join('\n');
      if (!rest.includes(open.kind)) return report(open, i, raw);
    }
  }
  return undefined;
}

interface Opener {
  kind: '"' | "'" | '[' | '{';
  column: number;
}

const CLOSER: Record<string, string> = { '[': ']', '{': '}' };

/** The quote or bracket still open at the end of the line, if it opened at a value position. */
function openAtEnd(raw: string): Opener | undefined {
  // Where a value starts: after `key: `, after `- `, or at the start of the content.
  const m = /^(\s*(?:-\s+)*)(?:(?:"[^"]*"|'[^']*'|[^\s#'"[\]{}][^:#]*?)\s*:\s+)?/.exec(raw);
  let i = m ? m[0].length : 0;
  while (raw[i] === ' ') i++;
  const c = raw[i];
  if (c !== '"' && c !== "'" && c !== '[' && c !== '{') return undefined;
  if (c === '"' || c === "'") {
    for (let k = i + 1; k < raw.length; k++) {
      if (c === '"' && raw[k] === '\\') {
        k++;
        continue;
      }
      if (raw[k] === c) {
        if (c === "'" && raw[k + 1] === "'") {
          k++;
          continue;
        }
        return undefined;
      }
    }
    return { kind: c, column: i + 1 };
  }
  // A flow collection: count brackets outside quotes and comments.
  const stack: { ch: string; col: number }[] = [];
  let quote: string | undefined;
  for (let k = i; k < raw.length; k++) {
    const ch = raw[k];
    if (quote) {
      if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#' && (k === 0 || raw[k - 1] === ' ')) break;
    else if (ch === '[' || ch === '{') stack.push({ ch, col: k + 1 });
    else if ((ch === ']' || ch === '}') && stack.length) stack.pop();
  }
  if (stack.length === 0) return undefined;
  return { kind: stack[0].ch as '[' | '{', column: stack[0].col };
}

function closes(line: string, kind: string): boolean {
  return line.includes(CLOSER[kind] ?? '\0');
}

function report(open: Opener, i: number, raw: string): SyntaxCause {
  const position = { line: i + 1, column: open.column, endLine: i + 1, endColumn: open.column + 1 };
  if (open.kind === '"' || open.kind === "'") {
    const q = open.kind;
    const shown = raw.slice(open.column - 1).trimEnd();
    return {
      position,
      message: `YAML syntax error: the ${q === '"' ? 'double' : 'single'} quote that opens here (${shown.length > 40 ? shown.slice(0, 37) + '...' : shown}) is never closed, so YAML reads the following lines as part of the text. Add the closing ${q} at the end of the value.`,
    };
  }
  return {
    position,
    message: `YAML syntax error: the "${open.kind}" that opens here is never closed. Add the closing "${CLOSER[open.kind]}" at the end of the value, or write the list as "- item" lines.`,
  };
}

/**
 * The first line whose indentation fits no open block: deeper than a line that opens nothing
 * (`key: value`, `- value`), or shallower than its block without returning to an enclosing level.
 */
function badIndentation(text: string): SyntaxCause | undefined {
  const lines = contentLines(text);
  // Indentation levels of the enclosing blocks, innermost last.
  const levels: number[] = [];
  let prev: Line | undefined;
  let blockScalar: number | undefined;
  for (const line of lines) {
    if (blockScalar !== undefined) {
      if (line.indent > blockScalar) continue; // inside a | or > block
      blockScalar = undefined;
    }
    if (!prev) {
      levels.push(line.indent);
      prev = line;
      if (opensBlockScalar(line.content)) blockScalar = line.indent;
      continue;
    }
    const childIndent = childLevel(prev);
    if (line.indent > prev.indent) {
      if (childIndent === undefined) {
        const expected = [...new Set([prev.indent, ...levels.filter((l) => l < prev!.indent)])].sort((a, b) => b - a);
        return indentCause(line, prev, expected, 'deeper');
      }
      if (levels[levels.length - 1] !== line.indent) levels.push(line.indent);
    } else if (line.indent < prev.indent) {
      while (levels.length && levels[levels.length - 1] > line.indent) levels.pop();
      if (!levels.length || levels[levels.length - 1] !== line.indent) {
        const expected = [...new Set([...levels, ...(levels.length ? [] : [0])])].sort((a, b) => b - a);
        return indentCause(line, prev, expected, 'between');
      }
    }
    // A `- key: value` line opens a mapping whose keys sit after the dash.
    if (/^-\s+[^#\s]/.test(line.content) && /:(\s|$)/.test(line.content)) {
      const inner = line.indent + (/^-\s+/.exec(line.content)?.[0].length ?? 2);
      if (levels[levels.length - 1] !== inner) levels.push(inner);
    }
    if (opensBlockScalar(line.content)) blockScalar = line.indent;
    prev = line;
  }
  return undefined;
}

/** The indentation a child line of `line` may have, or undefined when `line` opens no block. */
function childLevel(line: Line): number | undefined {
  const c = line.content;
  if (/:$/.test(c) || /^-$/.test(c)) return line.indent + 1; // any deeper indentation
  if (/^-\s+[^#\s].*:$/.test(c)) return line.indent + 1;
  if (/^-\s+/.test(c) && /:\s/.test(c)) return line.indent + (/^-\s+/.exec(c)?.[0].length ?? 2); // `- key: value` → keys after the dash
  if (opensBlockScalar(c)) return line.indent + 1;
  if (/[[{]$/.test(c) || /[[{,]\s*$/.test(c)) return line.indent + 1; // an open flow collection continues
  return undefined;
}

function opensBlockScalar(content: string): boolean {
  return /(^|:\s+|-\s+)[|>][-+0-9]*$/.test(content);
}

function indentCause(line: Line, prev: Line, expected: number[], how: 'deeper' | 'between'): SyntaxCause {
  const spaces = (n: number) => `${n} space${n === 1 ? '' : 's'}`;
  const prevShown = prev.content.length > 40 ? prev.content.slice(0, 37) + '...' : prev.content;
  const options = expected.map((n) => spaces(n)).join(' or ');
  const why =
    how === 'deeper'
      ? `deeper than line ${prev.n} ("${prevShown}"), which does not open a block`
      : `which matches no enclosing level`;
  return {
    position: { line: line.n, column: 1, endLine: line.n, endColumn: line.indent + 1 },
    message: `YAML syntax error: line ${line.n} is indented ${spaces(line.indent)}, ${why}. Indent it with ${options} (${expected.length > 1 ? 'a sibling of an enclosing key or item' : 'like the lines around it'}); YAML uses indentation for structure.`,
  };
}

/** Non-blank, non-comment lines with their indentation and their content without a trailing comment. */
function contentLines(text: string): Line[] {
  const out: Line[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const trimmed = raw.trimStart();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('---') || trimmed.startsWith('%')) return;
    out.push({ n: i + 1, indent: raw.length - trimmed.length, content: stripComment(trimmed).trimEnd() });
  });
  return out;
}

function stripComment(s: string): string {
  let quote: string | undefined;
  for (let k = 0; k < s.length; k++) {
    const ch = s[k];
    if (quote) {
      if (ch === quote) quote = undefined;
      continue;
    }
    if ((ch === '"' || ch === "'") && (k === 0 || /[\s:[{,-]/.test(s[k - 1]))) quote = ch;
    else if (ch === '#' && (k === 0 || s[k - 1] === ' ' || s[k - 1] === '\t')) return s.slice(0, k);
  }
  return s;
}
