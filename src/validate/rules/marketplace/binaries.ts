// §2.E Executables and native binaries (toolkit/checks/binaries.py): daemon binary names, executable
// magic bytes, native-library and script suffixes. Inside a `*.whl` folder they are warnings.
// MK22 (executable bit) is not checked: packages have no Unix permissions (§5 D19), ours neither.
import { closeSync, openSync, readSync } from 'node:fs';
import { basenameOf, suffixOf, type MkFinding, type PackagedFile } from './finding.js';

const PRUNED = new Set(['__pycache__', '.git', '.hg', '.svn']);
const DAEMON_NAME = /^(?:dify-plugin-linux-.+|dify-plugin-darwin-.+|dify-plugin-windows-.+\.exe)$/i;
const MAGIC: [string, number[]][] = [
  ['an ELF executable', [0x7f, 0x45, 0x4c, 0x46]],
  ['a Windows PE executable/DLL', [0x4d, 0x5a]],
  ['a Mach-O binary', [0xfe, 0xed, 0xfa, 0xce]],
  ['a Mach-O binary', [0xfe, 0xed, 0xfa, 0xcf]],
  ['a Mach-O binary', [0xce, 0xfa, 0xed, 0xfe]],
  ['a Mach-O binary', [0xcf, 0xfa, 0xed, 0xfe]],
  ['a universal (fat) binary', [0xca, 0xfe, 0xba, 0xbe]],
  ['a universal (fat) binary', [0xca, 0xfe, 0xba, 0xbf]],
];
const NATIVE_SUFFIXES = new Set(['.dll', '.dylib', '.exe', '.node', '.pyd', '.so']);
const REVIEW_SUFFIXES = new Set(['.app', '.bin', '.command', '.run', '.sh']);
const FIX = 'The Marketplace refuses native binaries in a package: depend on a PyPI wheel in requirements.txt instead, or exclude the file in .difyignore';

export function readHeader(abs: string, n = 8): Buffer {
  const fd = openSync(abs, 'r');
  try {
    const buf = Buffer.alloc(n);
    const got = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

export function magicKind(header: Buffer): string | undefined {
  for (const [kind, bytes] of MAGIC) if (bytes.every((b, i) => header[i] === b)) return kind;
  return undefined;
}

/** MK18–MK21 over the packaged files. `header` reads the first bytes (tests may pass contents). */
export function scanBinaries(files: readonly PackagedFile[], header: (f: PackagedFile) => Buffer = (f) => readHeader(f.abs)): MkFinding[] {
  const out: MkFinding[] = [];
  for (const f of files) {
    const parts = f.path.split('/');
    if (parts.slice(0, -1).some((d) => PRUNED.has(d))) continue;
    const inWheel = parts.some((p) => p.endsWith('.whl'));
    const level = inWheel ? 'warning' : 'error';
    const name = basenameOf(f.path);
    if (DAEMON_NAME.test(name)) {
      out.push({ id: 'MK18', severity: 'error', path: f.path, message: `${f.path}: platform plugin daemon binary filename is not allowed. Remove the Dify CLI binary from the plugin or exclude it in .difyignore.` });
    }
    let head: Buffer | undefined;
    try {
      head = header(f);
    } catch {
      out.push({ id: 'MK19', severity: level, path: f.path, message: `${f.path}: could not read file header to check for executables.` });
    }
    const kind = head && magicKind(head);
    if (kind) out.push({ id: 'MK19', severity: level, path: f.path, message: `${f.path}: starts like ${kind}${inWheel ? ' (inside a wheel folder: reviewed by hand)' : ''}. ${FIX}.` });
    const suffix = suffixOf(f.path);
    if (NATIVE_SUFFIXES.has(suffix)) {
      out.push({ id: 'MK20', severity: level, path: f.path, message: `${f.path}: native ${suffix} library/executable${inWheel ? ' (inside a wheel folder: reviewed by hand)' : ''}. ${FIX}.` });
    } else if (REVIEW_SUFFIXES.has(suffix)) {
      out.push({ id: 'MK21', severity: 'warning', path: f.path, message: `${f.path}: ${suffix} scripts and installers are reviewed by hand by the Marketplace. If the plugin does not run it, exclude it in .difyignore.` });
    }
  }
  return out;
}
