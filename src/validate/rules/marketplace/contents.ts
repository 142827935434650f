// §2.C Package contents (toolkit/checks/contents.py): blocked and review folders, blocked file
// names and suffixes, archives, and the size and file-count limits, over the packaged files.
import { basenameOf, suffixOf, MAX_PACKAGE_BYTES, MAX_PACKAGE_FILES, type MkFinding, type PackagedFile } from './finding.js';

export const BLOCKED_DIRS = new Set(['.git', '.hg', '.svn', '.venv', 'venv', 'env', '__pycache__', '.pytest_cache', '.ruff_cache', '.mypy_cache', '.tox', '.nox', '.idea', '.vscode', 'node_modules', 'pycache']);
const REVIEW_DIRS = new Set(['build', 'dist']);
const BLOCKED_NAMES = new Set(['.DS_Store', '.gitconfig', 'Thumbs.db', 'desktop.ini', 'id_rsa']);
const ENV_ALLOWED = new Set(['.env.example', '.env.sample', '.env.template']);
const BLOCKED_SUFFIXES = new Set(['.key', '.pem', '.p12', '.pfx', '.pyc', '.pyo', '.log', '.tmp', '.swp', '.swo', '.bak']);
const ARCHIVE_SUFFIXES = new Set(['.zip', '.tar', '.gz', '.tgz', '.bz2', '.xz', '.7z', '.rar']);

const EXCLUDE_FIX = 'Add it to .difyignore (or delete it) so it stays out of the package';

/** The first blocked folder on the way to `path` (e.g. `sub/.venv`), or undefined. */
export function blockedDirOf(path: string): string | undefined {
  const parts = path.split('/');
  for (let i = 0; i < parts.length - 1; i++) if (BLOCKED_DIRS.has(parts[i])) return parts.slice(0, i + 1).join('/');
  return undefined;
}

export function isBlockedName(name: string): boolean {
  if (BLOCKED_NAMES.has(name)) return true;
  return (name === '.env' || name.startsWith('.env.')) && !ENV_ALLOWED.has(name);
}

/** MK7–MK11 per file; MK13/MK14 over the whole set (the toolkit prunes blocked folders first). */
export function scanContents(files: readonly PackagedFile[]): MkFinding[] {
  const out: MkFinding[] = [];
  const blockedSeen = new Set<string>();
  const reviewSeen = new Set<string>();
  let count = 0;
  let total = 0;
  for (const f of files) {
    const blocked = blockedDirOf(f.path);
    if (blocked) {
      if (!blockedSeen.has(blocked)) {
        blockedSeen.add(blocked);
        out.push({ id: 'MK7', severity: 'error', path: blocked + '/', message: `blocked directory: ${blocked}/ — the Marketplace refuses packages holding tool caches, environments or VCS data (${[...BLOCKED_DIRS].join(', ')}). Add "${basenameOf(blocked)}/" to .difyignore.` });
      }
      continue;
    }
    count++;
    total += f.size;
    const parts = f.path.split('/');
    for (let i = 0; i < parts.length - 1; i++) {
      const dir = parts.slice(0, i + 1).join('/');
      if (REVIEW_DIRS.has(parts[i]) && !reviewSeen.has(dir)) {
        reviewSeen.add(dir);
        out.push({ id: 'MK8', severity: 'warning', path: dir + '/', message: `review directory: ${dir}/ — build output is flagged for manual review by the Marketplace. If it is not needed at run time, add "${parts[i]}/" to .difyignore.` });
      }
    }
    const name = basenameOf(f.path);
    const suffix = suffixOf(f.path);
    if (isBlockedName(name)) {
      out.push({ id: 'MK9', severity: 'error', path: f.path, message: `blocked file: ${f.path} — ${name.startsWith('.env') ? 'an environment file holds credentials' : 'OS/VCS metadata or a key file'}; the Marketplace refuses it (only .env.example, .env.sample and .env.template are allowed). ${EXCLUDE_FIX}.` });
    } else if (BLOCKED_SUFFIXES.has(suffix)) {
      out.push({ id: 'MK10', severity: 'error', path: f.path, message: `blocked file suffix: ${f.path} — ${suffix} files (keys, certificates, bytecode, logs, editor and backup files) are refused by the Marketplace. ${EXCLUDE_FIX}.` });
    } else if (ARCHIVE_SUFFIXES.has(suffix)) {
      out.push({ id: 'MK11', severity: 'warning', path: f.path, message: `review archive file: ${f.path} — archives inside a package are reviewed by hand. Ship the files unpacked, or exclude the archive in .difyignore.` });
    }
  }
  if (total > MAX_PACKAGE_BYTES) {
    out.push({ id: 'MK13', severity: 'error', path: null, message: `the packaged files total ${total} bytes, more than the ${MAX_PACKAGE_BYTES} bytes (50 MiB) the Marketplace and Dify accept. Exclude what the plugin does not need at run time in .difyignore.` });
  }
  if (count > MAX_PACKAGE_FILES) {
    out.push({ id: 'MK14', severity: 'error', path: null, message: `package contains too many files: ${count} files; the Marketplace accepts at most ${MAX_PACKAGE_FILES}. Exclude generated or vendored folders in .difyignore.` });
  }
  return out;
}
