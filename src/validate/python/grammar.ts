// Python syntax errors, found with a real Python grammar: tree-sitter's Python grammar compiled to
// WebAssembly (web-tree-sitter + tree-sitter-python's .wasm). Loading it costs a few tens of
// milliseconds, so it is loaded once, lazily, by the commands that validate a plugin with Python
// sources (loadPythonGrammar), before the synchronous rules run. The hand-written tokenizer
// (tokenize.ts) still serves the class and import rules; it adds the one check tree-sitter leaves
// out: a dedent to a level no enclosing block has (CPython's "unindent does not match").
import { createRequire } from 'node:module';
import type { Node, Parser } from 'web-tree-sitter';
import { tokenize } from './tokenize.js';

let parser: Parser | undefined;
let loading: Promise<void> | undefined;

/** Loads the grammar (once); validation paths await it before validating a plugin with .py files. */
export function loadPythonGrammar(): Promise<void> {
  loading ??= (async () => {
    const require = createRequire(import.meta.url);
    // require, not import(): the CommonJS bundles run under a code cache, where import() has no loader (scripts/bundle.mjs).
    const { Parser: P, Language } = require('web-tree-sitter') as typeof import('web-tree-sitter');
    await P.init();
    const language = await Language.load(require.resolve('tree-sitter-python/tree-sitter-python.wasm'));
    const p = new P();
    p.setLanguage(language);
    parser = p;
  })();
  return loading;
}

export function pythonGrammarLoaded(): boolean {
  return parser !== undefined;
}

export interface PythonSyntaxError {
  line: number;
  column: number;
  message: string;
}

/**
 * The first syntax error of a Python source, at its cause (an unclosed bracket or string where it
 * opens), or undefined when it parses. Throws when the grammar was not loaded.
 */
export function pythonSyntaxError(source: string): PythonSyntaxError | undefined {
  if (!parser) throw new Error('the Python grammar is not loaded (call loadPythonGrammar first)');
  const tree = parser.parse(source);
  if (!tree) return undefined;
  try {
    const root = tree.rootNode;
    if (root.hasError) {
      const bad = firstError(root);
      if (bad) return describe(bad, source);
    }
  } finally {
    tree.delete();
  }
  return indentationError(source);
}

/** The first ERROR or MISSING node in source order. */
function firstError(node: Node): Node | undefined {
  if (node.isError || node.isMissing) return node;
  if (!node.hasError) return undefined;
  for (const child of node.children) {
    if (!child) continue;
    const found = firstError(child);
    if (found) return found;
  }
  return undefined;
}

function describe(node: Node, source: string): PythonSyntaxError {
  const at = (row: number, col: number) => ({ line: row + 1, column: col + 1 });
  if (node.isMissing) {
    const what = node.type.length <= 3 ? `"${node.type}"` : node.type.replace(/_/g, ' ');
    return { ...at(node.startPosition.row, node.startPosition.column), message: `Python syntax error: ${what} expected here.` };
  }
  // An unclosed bracket or string inside the broken region is the usual cause: point where it opens.
  const text = source.slice(node.startIndex, node.endIndex);
  const open = unclosedOpener(text);
  if (open !== undefined) {
    const before = source.slice(0, node.startIndex + open.offset);
    const row = before.split('\n').length - 1;
    const col = before.length - before.lastIndexOf('\n') - 1;
    const what = open.ch === '"' || open.ch === "'" ? `the string opened here with ${open.ch} is never closed` : `"${open.ch}" is never closed`;
    return { ...at(row, col), message: `Python syntax error: ${what}.` };
  }
  const first = text.split('\n')[0].trim();
  const shown = first.length > 40 ? first.slice(0, 37) + '...' : first;
  return { ...at(node.startPosition.row, node.startPosition.column), message: `Python syntax error: invalid syntax${shown ? ` at "${shown}"` : ''}.` };
}

/** The first bracket or single-line string in `text` that is never closed (comments skipped). */
function unclosedOpener(text: string): { ch: string; offset: number } | undefined {
  const stack: { ch: string; offset: number }[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const triple = text.startsWith(ch.repeat(3), i);
      const quote = triple ? ch.repeat(3) : ch;
      let j = i + quote.length;
      let closed = false;
      while (j < text.length) {
        if (text[j] === '\\') {
          j += 2;
          continue;
        }
        if (!triple && text[j] === '\n') break;
        if (text.startsWith(quote, j)) {
          closed = true;
          break;
        }
        j++;
      }
      if (!closed) return { ch, offset: i };
      i = j + quote.length - 1;
      continue;
    }
    if (ch === '(' || ch === '[' || ch === '{') stack.push({ ch, offset: i });
    else if (pairs[ch]) {
      if (stack.length && stack[stack.length - 1].ch === pairs[ch]) stack.pop();
      else return undefined; // a stray closer: not an unclosed opener
    }
  }
  return stack[0];
}

/** CPython's IndentationError for a dedent to a level no enclosing block uses. */
function indentationError(source: string): PythonSyntaxError | undefined {
  const { statements } = tokenize(source);
  const levels = [0];
  for (const st of statements) {
    const first = st.tokens[0];
    if (!first) continue;
    if (st.indent > levels[levels.length - 1]) levels.push(st.indent);
    else if (st.indent < levels[levels.length - 1]) {
      while (levels.length && levels[levels.length - 1] > st.indent) levels.pop();
      if (levels[levels.length - 1] !== st.indent) {
        return {
          line: first.line,
          column: first.column,
          message: `Python IndentationError: this line is indented ${st.indent} columns, which matches no enclosing block (${levels.join(', ')}). Indent it like the block it belongs to.`,
        };
      }
    }
  }
  return undefined;
}
