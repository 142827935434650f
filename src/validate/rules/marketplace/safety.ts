// MK49 (reference §2.J, toolkit/checks/safety.py): the Marketplace's Python safety warnings, for a
// reviewer to look at. The toolkit walks Python's AST; this follows it on the tokens of each
// statement (python/tokenize.ts), which see the same names:
// - a `requests` call (through `import requests [as x]` or `from requests import get [as y]`) with
//   no `timeout=` keyword;
// - a logging call, `raise`, `return` or `yield` whose expression mentions a credential-like name
//   (credential, api_key, apikey, secret, token, password, passwd in an identifier or attribute;
//   string literals are not read, the names inside f-string fields are).
// As in the toolkit, every name counts, the called one too: `raise CredentialsValidateFailedError(…)`
// is flagged. At most 100 warnings, as the toolkit stops there.
import type { LoadedPlugin } from '../../../plugin/load.js';
import { tokenize, type Token } from '../../python/tokenize.js';
import { packagedFilesOf } from './scan-rule.js';
import type { MkFinding } from './finding.js';

const MAX_BYTES = 1024 * 1024;
const LIMIT = 100;
const PRUNED = new Set(['.git', '.hg', '.svn', '.venv', 'venv', 'env', '__pycache__', '.pytest_cache', '.ruff_cache', '.mypy_cache', '.tox', '.nox', 'node_modules']);
const REQUEST_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request']);
const LOG_METHODS = new Set(['debug', 'info', 'warning', 'warn', 'error', 'exception', 'critical', 'log']);
const LEAK = /credential|api_key|apikey|secret|token|password|passwd/;

export function scanSafety(plugin: LoadedPlugin): MkFinding[] {
  const out: MkFinding[] = [];
  for (const file of packagedFilesOf(plugin).files) {
    const rel = file.path;
    if (!rel.endsWith('.py') || file.size > MAX_BYTES || rel.split('/').slice(0, -1).some((d) => PRUNED.has(d))) continue;
    const text = plugin.fs.readText(rel, MAX_BYTES);
    if (text === undefined || text.includes('\0')) continue;
    for (const f of scanSource(text)) {
      if (out.length === LIMIT) {
        out.push({ id: 'MK49', severity: 'warning', path: null, message: `Python safety warning limit reached (${LIMIT}); the Marketplace stops there too.` });
        return out;
      }
      out.push({ id: 'MK49', severity: 'warning', path: rel, line: f.line, message: `${f.message}: ${f.snippet} (the Marketplace flags it for a reviewer).` });
    }
  }
  return out;
}

interface Warning {
  line: number;
  message: string;
  snippet: string;
}

export function scanSource(source: string): Warning[] {
  const { statements } = tokenize(source);
  const modules = new Set<string>(); // names bound to the requests module
  const functions = new Set<string>(); // names bound to requests.get & co
  const warnings: Warning[] = [];
  const lines = source.split('\n');
  const snippet = (from: Token, to: Token) => {
    const parts: string[] = [];
    for (let l = from.line; l <= to.endLine; l++) {
      const text = lines[l - 1] ?? '';
      parts.push(text.slice(l === from.line ? from.column - 1 : 0, l === to.endLine ? to.endColumn - 1 : undefined));
    }
    const s = parts.join(' ').replace(/\s+/g, ' ').trim();
    return s.length > 180 ? s.slice(0, 177) + '...' : s;
  };

  for (const { tokens: t } of statements) {
    if (t.length === 0) continue;
    imports(t, modules, functions);
    for (let i = 0; i < t.length; i++) {
      const tok = t[i]!;
      // raise / return / yield: the rest of the statement (to a closing bracket of an enclosing expression).
      if (tok.type === 'name' && (tok.value === 'raise' || tok.value === 'return' || tok.value === 'yield') && t[i - 1]?.value !== '.') {
        const end = expressionEnd(t, i + 1);
        if (end > i + 1 && mentionsLeak(t, i + 1, end)) {
          const what = tok.value === 'raise' ? 'raised exception' : tok.value === 'return' ? 'return value' : 'yield value';
          warnings.push({ line: tok.line, message: `${what} may expose credential-like values`, snippet: snippet(tok, t[end - 1]!) });
        }
        continue;
      }
      // A call: a dotted name (not itself an attribute of something else) followed by `(`.
      if (tok.type !== 'name' || t[i - 1]?.value === '.') continue;
      let j = i;
      const parts = [tok.value];
      while (t[j + 1]?.value === '.' && t[j + 2]?.type === 'name') {
        parts.push(t[j + 2]!.value);
        j += 2;
      }
      if (t[j + 1]?.value !== '(') continue;
      const close = matching(t, j + 1);
      const method = parts[parts.length - 1]!;
      const receiver = parts.slice(0, -1).join('.');
      const isRequests = (parts.length > 1 && modules.has(receiver) && REQUEST_METHODS.has(method)) || (parts.length === 1 && functions.has(method));
      if (isRequests && !hasKeyword(t, j + 2, close, 'timeout')) {
        warnings.push({ line: tok.line, message: 'requests call may be missing timeout', snippet: snippet(tok, t[Math.min(close, t.length - 1)]!) });
      }
      const lower = receiver.toLowerCase();
      const isLogging = parts.length > 1 && LOG_METHODS.has(method) && (['logging', 'logger', 'log'].includes(lower) || lower.endsWith('.logger') || lower.endsWith('.log'));
      if (isLogging && mentionsLeak(t, j + 2, close)) {
        warnings.push({ line: tok.line, message: 'log call may expose credential-like values', snippet: snippet(tok, t[Math.min(close, t.length - 1)]!) });
      }
    }
  }
  return warnings.sort((a, b) => a.line - b.line);
}

/** `import requests [as x]`, `from requests import get [as y], post`. */
function imports(t: Token[], modules: Set<string>, functions: Set<string>): void {
  if (t[0]!.value === 'import') {
    for (let i = 1; i < t.length; i++) {
      if (t[i]!.value !== 'requests' || t[i - 1]?.value === '.' || t[i + 1]?.value === '.') continue;
      modules.add(t[i + 1]?.value === 'as' && t[i + 2]?.type === 'name' ? t[i + 2]!.value : 'requests');
    }
  } else if (t[0]!.value === 'from' && t[1]?.value === 'requests' && t[2]?.value === 'import') {
    for (let i = 3; i < t.length; i++) {
      const name = t[i]!;
      if (name.type !== 'name' || !REQUEST_METHODS.has(name.value) || t[i - 1]?.value === 'as') continue;
      functions.add(t[i + 1]?.value === 'as' && t[i + 2]?.type === 'name' ? t[i + 2]!.value : name.value);
    }
  }
}

/** Index of the bracket closing the one at `open` (or the statement's end). */
function matching(t: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < t.length; i++) {
    const v = t[i]!;
    if (v.type !== 'op') continue;
    if (v.value === '(' || v.value === '[' || v.value === '{') depth++;
    else if (v.value === ')' || v.value === ']' || v.value === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return t.length;
}

/** End (exclusive) of the expression starting at `from`: the statement's end or an unmatched closer. */
function expressionEnd(t: Token[], from: number): number {
  let depth = 0;
  for (let i = from; i < t.length; i++) {
    const v = t[i]!;
    if (v.type !== 'op') continue;
    if (v.value === '(' || v.value === '[' || v.value === '{') depth++;
    else if (v.value === ')' || v.value === ']' || v.value === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return t.length;
}

/** A `name=` keyword at the top level of the call's arguments (tokens from..to, exclusive). */
function hasKeyword(t: Token[], from: number, to: number, name: string): boolean {
  let depth = 0;
  for (let i = from; i < Math.min(to, t.length); i++) {
    const v = t[i]!;
    if (v.type === 'op' && (v.value === '(' || v.value === '[' || v.value === '{')) depth++;
    else if (v.type === 'op' && (v.value === ')' || v.value === ']' || v.value === '}')) depth--;
    else if (depth === 0 && v.type === 'name' && v.value === name && t[i + 1]?.value === '=') return true;
  }
  return false;
}

/** Any identifier or attribute name in tokens from..to (exclusive), f-string fields included. */
function mentionsLeak(t: Token[], from: number, to: number): boolean {
  for (let i = from; i < Math.min(to, t.length); i++) {
    const v = t[i]!;
    if (v.type === 'name' && LEAK.test(v.value.toLowerCase())) return true;
    if (v.type === 'string' && /^[rRbBuU]*[fFtT]/.test(v.value)) {
      for (const field of v.value.matchAll(/\{([^{}]*)\}/g)) {
        for (const name of field[1]!.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) if (LEAK.test(name[0].toLowerCase())) return true;
      }
    }
  }
  return false;
}
