// §2.D Secrets (toolkit/checks/secrets.py, newest generation — §5 D2): PEM private keys, vendor
// tokens, and generic `key = value` assignments with a high-entropy value, line by line.
import { readFileSync } from 'node:fs';
import { suffixOf, MIB, type MkFinding, type PackagedFile } from './finding.js';

const PRUNED = new Set(['__pycache__', '.git', '.hg', '.svn', '.venv', 'venv', 'env', 'node_modules']);
const BINARY_SUFFIXES = new Set('.7z .avif .bmp .bz2 .dylib .eot .exe .gif .gz .ico .jpeg .jpg .mov .mp3 .mp4 .otf .pdf .png .rar .so .tar .tgz .ttf .webm .webp .woff .woff2 .xz .zip'.split(' '));
const CODE_SUFFIXES = new Set('.c .cc .cpp .cs .go .h .hpp .java .js .jsx .kt .m .mjs .mm .php .py .pyi .rb .rs .scala .swift .ts .tsx'.split(' '));

const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;
const VENDOR: [string, RegExp][] = [
  ['OpenAI-style API key', /\bsk-[A-Za-z0-9_-]{20,}\b/],
  ['GitHub token', /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9_]{20,}\b/],
  ['Slack token', /\bxox[baprs]-[A-Za-z0-9-]{10,}\b/],
  ['AWS access key id', /\bAKIA[0-9A-Z]{16}\b/],
  ['JWT token', /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b/],
];
// The toolkit's pattern, with a look-behind so that a match is only tried where a name starts: the
// same matches (a match inside a name also matches from the name's start, found first), without
// retrying every position of every long word.
const ASSIGNMENT = /(?<![A-Za-z0-9_.-])([A-Za-z0-9_.-]*(?:api[_-]?key|access[_-]?key|access[_-]?token|auth[_-]?token|client[_-]?secret|password|private[_-]?key|secret|token)[A-Za-z0-9_.-]*)\s*[:=]\s*("[^"]*"|'[^']*'|[^"',\s#}]+)/gi;
// Cheap per-line pre-tests: most lines hold none of these, and the full patterns are costly.
const MAYBE_VENDOR = /sk-|gh[oprsu]_|xox|AKIA|eyJ/;
const MAYBE_ASSIGNMENT = /key|secret|token|password/i;
const KEY_WORDS = ['api_key', 'apikey', 'access_key', 'access_token', 'auth_token', 'client_secret', 'password', 'private_key', 'secret', 'token'];
const PLACEHOLDERS = new Set(['', 'changeme', 'dummy', 'example', 'fake', 'none', 'null', 'placeholder', 'test', 'todo', 'xxx', 'xxxx', 'your-api-key', 'your_api_key', 'your-key', 'your-secret', 'your-token']);
// Python's str.splitlines() boundaries (line numbers depend on them).
const LINE_BREAK = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;

const FIX = 'Remove the secret from the plugin (read it from the credentials the user enters) and revoke it; or exclude the file in .difyignore';

/** For tests: the pattern used for `key = value` assignments. */
export const ASSIGNMENT_PATTERN = ASSIGNMENT;

export function mask(value: string): string {
  return value.length <= 8 ? '***' : `${value.slice(0, 4)}...${value.slice(-4)}`;
}

export function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  const n = [...s].length;
  for (const k of counts.values()) {
    const p = k / n;
    h -= p * Math.log2(p);
  }
  return h;
}

function isPlaceholder(v: string): boolean {
  const low = v.toLowerCase();
  if (PLACEHOLDERS.has(low)) return true;
  if (low.startsWith('<') && low.endsWith('>')) return true;
  if (low.startsWith('${')) return true;
  if (low.includes('your') && ['key', 'secret', 'token', 'password'].some((w) => low.includes(w))) return true;
  return /^[x*\-_]+$/.test(low);
}

function secretShaped(v: string): boolean {
  if (v.length < 12) return false;
  if (['http://', 'https://', './', '../', '/'].some((p) => v.startsWith(p))) return false;
  if (/^[0-9a-fA-F]+$/.test(v)) return entropy(v) >= 3.0;
  return /^[A-Za-z0-9+/=_.-]+$/.test(v) && entropy(v) >= 4.5;
}

/** Scans one text; `path` names it in messages. */
export function scanSecretsText(path: string, text: string): MkFinding[] {
  const out: MkFinding[] = [];
  const code = CODE_SUFFIXES.has(suffixOf(path));
  // Only lines holding a candidate word can match (the pre-tests below are a subset of CANDIDATE):
  // find those with one search over the whole text instead of splitting every line.
  CANDIDATE.lastIndex = 0;
  let lineNo = 1; // of the line starting at `counted`
  let counted = 0;
  let done = 0; // end of the last line scanned
  for (let m = CANDIDATE.exec(text); m; m = CANDIDATE.exec(text)) {
    if (m.index < done) continue;
    const start = lineStartBefore(text, m.index);
    lineNo += breaksBetween(text, counted, start);
    counted = start;
    const end = lineEndFrom(text, m.index);
    scanLine(text.slice(start, end), lineNo, path, code, out);
    done = end;
    CANDIDATE.lastIndex = end;
  }
  return out;
}

/** Any of the words the per-line pre-tests look for, case-insensitive (a superset of them). */
const CANDIDATE = /PRIVATE KEY-----|sk-|gh[oprsu]_|xox|AKIA|eyJ|key|secret|token|password/gi;

function isBreak(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c || c === 0x1c || c === 0x1d || c === 0x1e || c === 0x85 || c === 0x2028 || c === 0x2029;
}

function lineStartBefore(text: string, at: number): number {
  let i = at;
  while (i > 0 && !isBreak(text.charCodeAt(i - 1))) i--;
  return i;
}

function lineEndFrom(text: string, at: number): number {
  let i = at;
  while (i < text.length && !isBreak(text.charCodeAt(i))) i++;
  return i;
}

/** Line breaks in text[from, to), \r\n counting once (LINE_BREAK's lines). */
function breaksBetween(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (!isBreak(c)) continue;
    if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a && i + 1 < to) i++;
    n++;
  }
  return n;
}

function scanLine(line: string, n: number, path: string, code: boolean, out: MkFinding[]): void {
  if (line.includes('PRIVATE KEY-----') && PRIVATE_KEY.test(line)) {
    out.push({ id: 'MK15', severity: 'error', path, line: n, message: `${path}:${n} matched private key block. ${FIX}.` });
  }
  let vendorHit = false;
  if (MAYBE_VENDOR.test(line)) for (const [name, re] of VENDOR) {
    const m = re.exec(line);
    if (!m) continue;
    vendorHit = true;
    out.push({ id: 'MK16', severity: 'error', path, line: n, message: `${path}:${n} matched ${name}: ${mask(m[0])}. ${FIX}.` });
  }
  if (vendorHit || !MAYBE_ASSIGNMENT.test(line)) return;
  for (const m of line.matchAll(ASSIGNMENT)) {
    const key = m[1];
    const raw = m[2];
    if (!KEY_WORDS.some((w) => key.toLowerCase().includes(w))) continue;
    const cleaned = raw.trim().replace(/^["']+|["']+$/g, '');
    if (cleaned === '' || isPlaceholder(cleaned)) continue;
    if (/^-?\d+(\.\d+)?$/.test(cleaned)) continue;
    if (['true', 'false', 'yes', 'no', 'on', 'off'].includes(cleaned.toLowerCase())) continue;
    const quoted = raw.startsWith('"') || raw.startsWith("'");
    if (code && !quoted) continue;
    if (secretShaped(cleaned)) {
      out.push({ id: 'MK17', severity: 'error', path, line: n, message: `${path}:${n} matched secret assignment \`${key}\`: ${mask(cleaned)}. ${FIX}.` });
    } else {
      out.push({ id: 'MK17', severity: 'warning', path, line: n, message: `${path}:${n} review possible secret field \`${key}\`: the Marketplace reviewer checks it is not a real credential. If it is a placeholder, write a value like "<your-api-key>".` });
    }
  }
}

/** MK15–MK17 over the packaged files (toolkit walk: pruned folders, 1 MiB cap, binaries skipped). */
export function scanSecrets(files: readonly PackagedFile[], read: (f: PackagedFile) => Buffer = (f) => readFileSync(f.abs)): MkFinding[] {
  const out: MkFinding[] = [];
  for (const f of files) {
    if (f.path.split('/').slice(0, -1).some((d) => PRUNED.has(d))) continue;
    if (f.size > MIB) {
      out.push({ id: 'MK17', severity: 'warning', path: f.path, message: `${f.path} skipped because it is larger than 1 MiB: the Marketplace's secret scan does not read it, a reviewer will. Keep large data out of the package if it is not needed.` });
      continue;
    }
    if (BINARY_SUFFIXES.has(suffixOf(f.path))) continue;
    let bytes: Buffer;
    try {
      bytes = read(f);
    } catch {
      out.push({ id: 'MK17', severity: 'warning', path: f.path, message: `${f.path} could not be read for the secret scan.` });
      continue;
    }
    if (bytes.subarray(0, 4096).includes(0)) continue;
    out.push(...scanSecretsText(f.path, bytes.toString('utf8')));
  }
  return out;
}
