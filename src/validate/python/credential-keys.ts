// Where a Python source reads `credentials["x"]` or `credentials.get("x")`, in source order, and
// whether the file assigns or checks that key first (X9 reports the unguarded reads of undeclared
// keys; invoke fills the keys a plugin reads). From the tokens alone, never run.
import { tokenize } from './tokenize.js';

export interface CredentialRead {
  key: string;
  kind: 'subscript' | 'get';
  line: number;
  column: number;
  /** The file assigns or checks the key before (`"x" in credentials`, `credentials["x"] = ...`), or the statement checks another key. */
  guarded: boolean;
}

export function credentialKeyReads(source: string): CredentialRead[] {
  const { statements } = tokenize(source);
  const guarded = new Set<string>();
  const out: CredentialRead[] = [];
  for (const st of statements) {
    const t = st.tokens;
    const str = (k: number) => (t[k]?.type === 'string' ? stringValue(t[k].value) : undefined);
    const op = (k: number, v: string) => t[k]?.type === 'op' && t[k].value === v;
    const isCred = (k: number) => t[k]?.type === 'name' && t[k].value === 'credentials' && !op(k - 1, '.');
    // `"x" in credentials`, `credentials["x"] = ...`, `credentials.setdefault("x", ...)`: x is known from here on.
    const checksOther = t.some((tok, k) => tok.value === 'in' && isCred(k + 1));
    for (let k = 0; k < t.length; k++) {
      if (t[k].value === 'in' && isCred(k + 1) && str(k - 1) !== undefined) guarded.add(str(k - 1)!);
      if (!isCred(k)) continue;
      const at = { line: t[k].line, column: t[k].column };
      if (op(k + 1, '[') && str(k + 2) !== undefined && op(k + 3, ']')) {
        const key = str(k + 2)!;
        if (op(k + 4, '=')) {
          guarded.add(key);
          continue;
        }
        out.push({ key, kind: 'subscript', ...at, guarded: guarded.has(key) || checksOther });
      } else if (op(k + 1, '.') && t[k + 2]?.value === 'get' && op(k + 3, '(') && str(k + 4) !== undefined && op(k + 5, ')')) {
        const key = str(k + 4)!;
        // `credentials.get("x") or default` has its default.
        if (t[k + 6]?.value === 'or') continue;
        out.push({ key, kind: 'get', ...at, guarded: guarded.has(key) || checksOther });
      } else if (op(k + 1, '.') && t[k + 2]?.value === 'setdefault' && str(k + 4) !== undefined) {
        guarded.add(str(k + 4)!);
      }
    }
  }
  return out;
}

/** A credential key the code sets, with the functions it is set in (outermost first). */
export interface KeySet {
  key: string;
  defs: string[];
}

/**
 * Keys code sets: `x["key"] = …`, `"key": …` in a dict, `.setdefault("key"`, and `key=` keyword
 * arguments, outside `def` lines; and how often each private name (`_x`, not `__x`) occurs, so that
 * a caller can leave out what is set only inside a private method nothing calls.
 */
export function credentialKeySets(source: string): { keysSet: KeySet[]; privateMentions: Record<string, number> } {
  const { statements } = tokenize(source);
  const privateMentions: Record<string, number> = {};
  const keysSet: KeySet[] = [];
  const defs: { name: string; indent: number }[] = [];
  for (const st of statements) {
    const t = st.tokens;
    for (const tok of t) if (tok.type === 'name' && tok.value.startsWith('_') && !tok.value.startsWith('__')) privateMentions[tok.value] = (privateMentions[tok.value] ?? 0) + 1;
    while (defs.length > 0 && defs[defs.length - 1].indent >= st.indent) defs.pop();
    const d = t[0]?.value === 'async' ? 1 : 0;
    if (t[d]?.value === 'def' && t[d + 1]?.type === 'name') {
      defs.push({ name: t[d + 1].value, indent: st.indent });
      continue;
    }
    const op = (k: number, v: string) => t[k]?.type === 'op' && t[k].value === v;
    const inDefs = defs.map((f) => f.name);
    for (let k = 0; k < t.length; k++) {
      const key = t[k].type === 'string' ? stringValue(t[k].value) : undefined;
      if (key !== undefined && ((op(k - 1, '[') && op(k + 1, ']') && op(k + 2, '=')) || (op(k + 1, ':') && (op(k - 1, '{') || op(k - 1, ','))) || (op(k - 1, '(') && t[k - 2]?.value === 'setdefault'))) keysSet.push({ key, defs: inDefs });
      if (t[k].type === 'name' && op(k + 1, '=') && (op(k - 1, '(') || op(k - 1, ','))) keysSet.push({ key: t[k].value, defs: inDefs });
    }
  }
  return { keysSet, privateMentions };
}

/** The value of a plain string literal token ("x" or 'x'); undefined for f-strings and others. */
function stringValue(tok: string): string | undefined {
  const m = /^(['"])([\w.-]*)\1$/.exec(tok);
  return m ? m[2] : undefined;
}
