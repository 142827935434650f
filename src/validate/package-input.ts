// `model-plugin validate [--marketplace] <file.difypkg>`: a package built elsewhere (e.g. by
// `dify plugin package`) is checked as the Marketplace checks a submission (reference §2.B): first
// the archive itself (MK3-MK6, and MK12 under --marketplace), then its unpacked files with the same
// rules as a plugin folder. The files are unpacked into a private temporary folder, which is removed
// afterwards; diagnostics name the package as the plugin root.
import { closeSync, fstatSync, mkdtempSync, mkdirSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Diagnostic, PluginResult, Severity } from './diagnostic.js';
import { readZip, ZipFormatError, type ZipEntryRead } from '../package/zip.js';

/** The Marketplace's packed-size limit (MK12): 52,428,800 bytes. */
const MAX_PACKED_BYTES = 50 * 1024 * 1024;
/** Bigger files are not read at all: far beyond anything Dify accepts, and they would fill memory. */
const MAX_READ_BYTES = 4 * MAX_PACKED_BYTES;
/** Unpacked total beyond which the archive is refused unread (a zip bomb); MK13 is 50 MiB anyway. */
const MAX_UNPACKED_BYTES = 4 * MAX_PACKED_BYTES;


export interface OpenedPackage {
  /** Findings about the archive itself. */
  diagnostics: Diagnostic[];
  /** The unpacked files, when the archive can be checked further (no MK3/MK4 and a readable zip). */
  root?: string;
  /** Removes the unpacked files. */
  dispose(): void;
}

const finding = (ruleId: string, severity: Severity, message: string): Diagnostic => ({ ruleId, severity, message, file: null, line: 1, column: 1 });

export function openPackage(file: string, options: { marketplace?: boolean } = {}): OpenedPackage {
  const diagnostics: Diagnostic[] = [];
  const done = (): OpenedPackage => ({ diagnostics, dispose() {} });
  const name = basename(file);
  if (!name.endsWith('.difypkg')) {
    diagnostics.push(finding('MK6', 'error', `${name} is a zip but its name does not end in .difypkg: Dify's install dialog and the Marketplace's validator take only .difypkg files. Rename it to ${name.replace(/\.zip$/i, '')}.difypkg.`));
  }
  let buf: Buffer;
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const size = fstatSync(fd).size;
    if (size > MAX_READ_BYTES) {
      diagnostics.push(finding('MK12', 'error', `the package is ${size} bytes, far more than the ${MAX_PACKED_BYTES} bytes (50 MiB) Dify and the Marketplace accept; it was not unpacked. Exclude what the plugin does not need in .difyignore and package again.`));
      return done();
    }
    buf = readFileSync(fd);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  if (options.marketplace && buf.length > MAX_PACKED_BYTES) {
    diagnostics.push(finding('MK12', 'error', `package file size exceeds 50 MB: ${buf.length} bytes (the Marketplace accepts at most ${MAX_PACKED_BYTES}). Exclude what the plugin does not need in .difyignore and package again.`));
  }
  let entries: ZipEntryRead[];
  try {
    entries = readZip(buf, MAX_UNPACKED_BYTES).entries;
  } catch (err) {
    if (!(err instanceof ZipFormatError)) throw err;
    if (/unpack to more than/.test(err.message)) {
      diagnostics.push(finding('MK13', 'error', `the package's files unpack to more than ${MAX_UNPACKED_BYTES} bytes, far more than the ${MAX_PACKED_BYTES} bytes (50 MiB) Dify and the Marketplace accept; it was not unpacked. Exclude what the plugin does not need in .difyignore and package again.`));
      return done();
    }
    diagnostics.push(finding('MK3', 'error', `the package cannot be read as a zip: ${err.message}. Dify refuses it; build it again with \`model-plugin package\`.`));
    return done();
  }

  // MK3: the Marketplace's validator stops at the first unsafe name ("no other check runs").
  const unsafe = entries.find((e) => unsafeName(e.name));
  if (unsafe) {
    diagnostics.push(finding('MK3', 'error', `Unsafe path in package: ${JSON.stringify(unsafe.name)} (absolute, or with a ".." segment, it would unpack outside the plugin's folder). Dify refuses the package; build it with \`model-plugin package\` from the plugin folder.`));
    return done();
  }
  const files = entries.filter((e) => !e.isDirectory);
  // MK4: manifest.yaml at the root; a package of the folder instead of its contents has a wrapper.
  if (!files.some((e) => e.name === 'manifest.yaml')) {
    const nested = files.find((e) => e.name.endsWith('/manifest.yaml'));
    diagnostics.push(
      finding(
        'MK4',
        'error',
        nested
          ? `manifest.yaml is not at the package's root but in ${nested.name.slice(0, -'manifest.yaml'.length)}: the package holds the plugin's folder instead of its contents, and Dify finds no manifest. Package from inside the folder (\`model-plugin package\` does).`
          : "the package has no manifest.yaml at its root: Dify reads the plugin's manifest from there. Package the plugin folder (the one holding manifest.yaml) with `model-plugin package`.",
      ),
    );
    return done();
  }
  // MK5: folder entries decode, but the daemon's checksum fails on them ("is a directory").
  const dirs = entries.filter((e) => e.isDirectory);
  if (dirs.length > 0) {
    const shown = dirs.slice(0, 3).map((d) => d.name).join(', ') + (dirs.length > 3 ? `, and ${dirs.length - 3} more` : '');
    diagnostics.push(finding('MK5', 'error', `the package holds ${dirs.length} folder entr${dirs.length === 1 ? 'y' : 'ies'} (${shown}): Dify's checksum fails on them ("is a directory"), so it cannot be installed or published. \`zip -r\` writes them; package with \`model-plugin package\` (or \`zip -r -D\`).`));
  }

  const root = mkdtempSync(join(tmpdir(), 'model-plugin-difypkg-'));
  try {
    for (const e of files) {
      const target = join(root, ...e.name.split('/'));
      mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
      // Plain files only, never links or modes from the archive: its contents are only read.
      writeFileSync(target, e.data, { mode: 0o600, flag: 'wx' });
    }
  } catch (err) {
    rmSync(root, { recursive: true, force: true });
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR' || code === 'EISDIR') {
      diagnostics.push(finding('MK3', 'error', `the package names one path twice, or as both a file and a folder (${(err as Error).message.replace(root, '')}); Dify cannot unpack it. Build it again with \`model-plugin package\`.`));
      return done();
    }
    throw err;
  }
  return { diagnostics, root, dispose: () => rmSync(root, { recursive: true, force: true }) };
}

/** Absolute (`/x`, `C:/x`, `\x`) or with a `..` segment, as the toolkit's safe_unzip refuses. */
function unsafeName(name: string): boolean {
  if (name.includes('\0') || name === '') return true;
  if (name.startsWith('/') || name.startsWith('\\') || /^[A-Za-z]:/.test(name)) return true;
  return name.split(/[\\/]/).some((seg) => seg === '..');
}

/** The result of a package the pipeline never reached (MK3, MK4): the archive's findings only. */
export function archiveOnlyResult(file: string, diagnostics: Diagnostic[]): PluginResult {
  return { root: file, name: null, diagnostics };
}
