// What `meta.runner.version` asks of the interpreter. Official plugins write "3.12"; the daemon
// itself always builds with 3.12 and never reads the field, so setup treats it as the author's
// statement of the Python the plugin is tested on: "3.12" means any 3.12.x, "3.12.1" that release,
// and a PEP 440 specifier list (">=3.11,<3.13") is honoured too.

export type Version = readonly number[];

export interface PythonWant {
  /** The text as written, for messages and for `uv python find`. */
  text: string;
  /** True when a Python of this version satisfies the request. */
  accepts(v: Version): boolean;
  /** Minor versions ("3.12") to look for first, most wanted first. */
  preferredMinors: string[];
}

/** The daemon's interpreter (protocol reference §1.1: `uv venv .venv --python 3.12`). */
export const DAEMON_PYTHON = '3.12';
const KNOWN_MINORS = ['3.12', '3.13', '3.11', '3.14', '3.10', '3.9'];

export function parseVersion(text: string): Version | undefined {
  const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(text.trim());
  if (!m) return undefined;
  return [m[1], m[2], m[3]].filter((p) => p !== undefined).map(Number);
}

export function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

const CLAUSE = /^(===|==|!=|~=|>=|<=|>|<)?\s*(\d+(?:\.\d+)*)(\.\*)?$/;

/** Parses the runner version; undefined when it is not something a Python version can satisfy. */
export function parsePythonWant(text: string): PythonWant | undefined {
  const clauses = text.split(',').map((c) => c.trim());
  if (clauses.length === 0 || clauses.some((c) => !CLAUSE.test(c))) return undefined;
  const tests = clauses.map((c) => {
    const [, op, num] = CLAUSE.exec(c)!;
    const want = num.split('.').map(Number);
    // A bare version (or ==, ===) matches by prefix: "3.12" is any 3.12.x.
    const prefix = (v: Version) => want.every((p, i) => v[i] === p);
    switch (op) {
      case undefined:
      case '==':
      case '===':
        return prefix;
      case '!=':
        return (v: Version) => !prefix(v);
      case '>=':
        return (v: Version) => compareVersions(v, want) >= 0;
      case '<=':
        return (v: Version) => compareVersions(v, want) <= 0;
      case '>':
        return (v: Version) => compareVersions(v, want) > 0 && !prefix(v);
      case '<':
        return (v: Version) => compareVersions(v, want) < 0;
      case '~=': {
        // ~=3.11 is >=3.11,==3.*; ~=3.11.2 is >=3.11.2,==3.11.*
        const head = want.slice(0, Math.max(1, want.length - 1));
        return (v: Version) => compareVersions(v, want) >= 0 && head.every((p, i) => v[i] === p);
      }
      default:
        return () => false;
    }
  });
  const accepts = (v: Version) => tests.every((t) => t(v));
  const exactMinor = clauses.length === 1 && /^(==|===)?\s*\d+\.\d+(\.\d+)?(\.\*)?$/.test(clauses[0]) ? parseVersion(clauses[0].replace(/^=+/, '')) : undefined;
  const preferredMinors = exactMinor
    ? [`${exactMinor[0]}.${exactMinor[1]}`]
    : KNOWN_MINORS.filter((m) => [0, 1, 99].some((patch) => accepts([...m.split('.').map(Number), patch])));
  return { text, accepts, preferredMinors };
}
