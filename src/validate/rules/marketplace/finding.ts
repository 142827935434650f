// What the marketplace scanners return. The same scanners serve `validate --marketplace` (each id
// is a rule) and `model-plugin package`, which refuses the blocking ones (reference §2.C–E).
export interface MkFinding {
  /** MK id from marketplace-and-package.md §2. */
  id: string;
  severity: 'error' | 'warning' | 'info';
  /** Root-relative path (the package entry), or null for the package as a whole. */
  path: string | null;
  /** 1-based line inside the file, when the finding is about a line. */
  line?: number;
  message: string;
  /** Findings of one id with the same key are one finding, the others its related locations. */
  group?: string;
}

/** A file as the marketplace sees it: one entry of the package. */
export interface PackagedFile {
  path: string;
  abs: string;
  size: number;
}

export const MIB = 1024 * 1024;
/** The toolkit's and the daemon's 50 MiB (52,428,800 bytes; the toolkit's messages say "MB"). */
export const MAX_PACKAGE_BYTES = 50 * MIB;
export const MAX_PACKAGE_FILES = 5000;

export function basenameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Lower-cased text after the last dot of the basename, with the dot (Python's Path.suffix). */
export function suffixOf(path: string): string {
  const name = basenameOf(path);
  const dot = name.lastIndexOf('.');
  // Path('.env').suffix is '' (a leading dot does not start a suffix).
  return dot > 0 && dot < name.length - 1 ? name.slice(dot).toLowerCase() : '';
}
