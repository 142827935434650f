// Secret-input values never reach the terminal, a log or a file: every text we print passes
// through a Redactor that knows the values of the secret fields.

/** Values shorter than this are not masked (masking "a" would garble every message). */
const MIN_SECRET_LENGTH = 4;
export const MASK = '********';

export class Redactor {
  private readonly secrets: string[] = [];

  add(value: unknown): void {
    if (typeof value !== 'string' && typeof value !== 'number') return;
    const s = String(value);
    if (s.length < MIN_SECRET_LENGTH || this.secrets.includes(s)) return;
    this.secrets.push(s);
    // As it appears inside serialised JSON too (a `"` or `\` in it is escaped there).
    const escaped = JSON.stringify(s).slice(1, -1);
    if (escaped !== s && !this.secrets.includes(escaped)) this.secrets.push(escaped);
    // Longest first, so that a secret containing another is masked whole.
    this.secrets.sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let out = text;
    for (const s of this.secrets) if (out.includes(s)) out = out.split(s).join(MASK);
    return out;
  }

  /** Deep copy of a JSON value with every string redacted. */
  redactValue<T>(value: T): T {
    if (typeof value === 'string') return this.redact(value) as T;
    if (Array.isArray(value)) return value.map((v) => this.redactValue(v)) as T;
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.redactValue(v)])) as T;
    }
    return value;
  }
}
