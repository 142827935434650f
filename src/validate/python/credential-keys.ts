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

/** The value of a plain string literal token ("x" or 'x'); undefined for f-strings and others. */
function stringValue(tok: string): string | undefined {
  const m = /^(['"])([\w.-]*)\1$/.exec(tok);
  return m ? m[2] : undefined;
}
