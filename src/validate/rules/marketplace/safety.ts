// MK49 (reference §2.J, toolkit/checks/safety.py): the Marketplace's Python safety warnings, for a
// reviewer to look at. The toolkit walks Python's AST; this follows it on the tokens of each
// statement (python/tokenize.ts), which see the same names:
// - a `requests` call (through `import requests [as x]` or `from requests import get [as y]`) with
//   no `timeout=` keyword;
// - a logging call, `raise`, `return` or `yield` whose expression mentions a credential-like name
//   (credential, api_key, apikey, secret, token, password, passwd in an identifier or attribute;
//   string literals are not read, the names inside f-string fields are).
// As in the toolkit, every name counts, the called one too: `raise CredentialsValidateFailedError(…)`
// is listed. At most 100 places, as the toolkit stops there.
//
// Severity (signal over noise): the Marketplace shows these to a reviewer without blocking. Ours
// are warnings where an author should act: a request that can hang, a credential-like value in a
// log line or in an exception message (both reach logs or Dify's UI). Places listed only for a
// name, e.g. the SDK's own CredentialsValidateFailedError raised in nearly every plugin, and
// return/yield values (credentials passed between the plugin's own functions) are info, behind
// --verbose: 49 of the 50 official plugins have such places. Each kind is one finding per plugin,
// with the other places as related locations.
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
  let count = 0;
  for (const file of packagedFilesOf(plugin).files) {
    const rel = file.path;
    if (!rel.endsWith('.py') || file.size > MAX_BYTES || rel.split('/').slice(0, -1).some((d) => PRUNED.has(d))) continue;
    const text = plugin.fs.readText(rel, MAX_BYTES);
    if (text === undefined || text.includes('\0')) continue;
    for (const f of scanSource(text)) {
      if (count === LIMIT) {
        out.push({ id: 'MK49', severity: 'info', path: null, message: `the Marketplace lists at most ${LIMIT} Python safety warnings; the places after the ${LIMIT}th are not listed.` });
        return out;
      }
      count++;
      out.push({ id: 'MK49', severity: f.severity, path: rel, line: f.line, group: f.message, message: `${f.message}: ${f.snippet}. ${f.advice}` });
    }
  }
  return out;
}

interface Warning {
  line: number;
  message: string;
  snippet: string;
  severity: 'warning' | 'info';
  /** What to do about it (or why nothing needs doing). */
  advice: string;
}

const TIMEOUT_ADVICE = 'The Marketplace lists it for a reviewer: pass timeout=(connect, read) seconds so a stalled server cannot hang the plugin.';
const LOG_ADVICE = 'The Marketplace lists it for a reviewer: log no credential values (log the key name, or a masked value).';
const RAISE_ADVICE = "The Marketplace lists it for a reviewer: an exception's message reaches Dify's UI and logs; keep credential values out of it.";
const NAME_ADVICE = 'The Marketplace lists it for a reviewer only because a name in it looks credential-like (a class, a token count or a credentials field that holds no secret); nothing to change.';
const VALUE_ADVICE = 'The Marketplace lists it for a reviewer; nothing to change unless the value ends up in a log or a message.';

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
        const leak = end > i + 1 ? mentionsLeak(t, i + 1, end) : 'none';
        if (leak !== 'none') {
          const raise = tok.value === 'raise';
          const what = raise ? 'raised exception' : tok.value === 'return' ? 'return value' : 'yield value';
          const severity = raise && leak === 'value' ? 'warning' : 'info';
          const advice = !raise ? VALUE_ADVICE : leak === 'value' ? RAISE_ADVICE : NAME_ADVICE;
          warnings.push({ line: tok.line, message: `${what} may expose credential-like values`, snippet: snippet(tok, t[end - 1]!), severity, advice });
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
        warnings.push({ line: tok.line, message: 'requests call may be missing timeout', snippet: snippet(tok, t[Math.min(close, t.length - 1)]!), severity: 'warning', advice: TIMEOUT_ADVICE });
      }
      const lower = receiver.toLowerCase();
      const isLogging = parts.length > 1 && LOG_METHODS.has(method) && (['logging', 'logger', 'log'].includes(lower) || lower.endsWith('.logger') || lower.endsWith('.log'));
      const logLeak = isLogging ? mentionsLeak(t, j + 2, close) : 'none';
      if (logLeak !== 'none') {
        const severity = logLeak === 'value' ? 'warning' : 'info';
        warnings.push({ line: tok.line, message: 'log call may expose credential-like values', snippet: snippet(tok, t[Math.min(close, t.length - 1)]!), severity, advice: severity === 'warning' ? LOG_ADVICE : NAME_ADVICE });
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

/**
 * Whether tokens from..to (exclusive) mention a credential-like identifier or attribute name, as
 * the toolkit tests it (f-string fields included): 'value' when a secret may be in it, 'name' when
 * every such name is harmless (only called, as `CredentialsValidateFailedError(...)`; a token count
 * such as `cache_read_tokens`; a credentials field that holds no secret, as
 * `credentials['completion_type']`), 'none' when there is none.
 */
function mentionsLeak(t: Token[], from: number, to: number): 'value' | 'name' | 'none' {
  let found: 'name' | 'none' = 'none';
  for (let i = from; i < Math.min(to, t.length); i++) {
    const v = t[i]!;
    if (v.type === 'name' && LEAK.test(v.value.toLowerCase())) {
      const key = t[i + 1]?.value === '[' ? t[i + 2] : t[i + 1]?.value === '.' && t[i + 2]?.value === 'get' && t[i + 3]?.value === '(' ? t[i + 4] : undefined;
      const field = key?.type === 'string' ? key.value.replace(/^[rRbBuU]*(['"])(.*)\1$/s, '$2') : undefined;
      if (!harmless(v.value, t[i + 1]?.value === '(', field)) return 'value';
      found = 'name';
    }
    if (v.type === 'string' && /^[rRbBuU]*[fFtT]/.test(v.value)) {
      for (const m of v.value.matchAll(/\{([^{}]*)\}/g)) {
        const fieldText = m[1]!;
        for (const name of fieldText.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) {
          if (!LEAK.test(name[0].toLowerCase())) continue;
          const after = fieldText.slice(name.index! + name[0].length);
          const sub = /^\s*(?:\[\s*|\.get\(\s*)(['"])(\w+)\1/.exec(after);
          if (!harmless(name[0], /^\s*\(/.test(after), sub?.[2])) return 'value';
          found = 'name';
        }
      }
    }
  }
  return found;
}

const SECRET_FIELD = /key|secret|token|passw|credential|signature/i;
const TOKEN_COUNT = /tokens$|tokens_|token_(count|usage)|num_tokens|max_tokens/i;

/** A credential-like name that cannot carry a secret here. */
function harmless(name: string, called: boolean, field: string | undefined): boolean {
  if (called) return true; // a class or function named so: its arguments are what counts
  if (TOKEN_COUNT.test(name)) return true;
  return field !== undefined && !SECRET_FIELD.test(field);
}
