// Builds a .difypkg in memory: the daemon's file set (§4.3), the generated requirements.txt (§4.4),
// the limits (§4.6), the safety refusals, the zip (§4.5) and the checksum (§4.7). No validation and
// no output: run.ts does those around it.
import { readFileSync } from 'node:fs';
import { collectPackageFiles, compareBytewise, type PackageFileSet } from '../plugin/package-files.js';
import type { MkFinding } from '../validate/rules/marketplace/finding.js';
import { MAX_PACKAGE_FILES, MIB } from '../validate/rules/marketplace/finding.js';
import { scanContents } from '../validate/rules/marketplace/contents.js';
import { scanSecrets } from '../validate/rules/marketplace/secrets.js';
import { scanBinaries } from '../validate/rules/marketplace/binaries.js';
import { pluginChecksum } from './checksum.js';
import { writeZip } from './zip.js';
import { deflateAll } from './deflate-cache.js';
import { findUv, needsGeneratedRequirements, uvExport, UvError, UV_MISSING_HELP, type UvExportOutcome } from './uv.js';

export interface BuildOptions {
  maxBytes: number;
  /** manifest meta.runner.language (generation happens only for python). */
  language: unknown;
  allowUnsafeFiles?: boolean;
  /** The outcome of a `uv export` started earlier (startUvExport), used if the export is needed. */
  uvExported?: UvExportOutcome;
}

export interface Entry {
  path: string;
  data: Buffer;
  /** How a generated entry was made (not a file of the plugin). */
  generated?: string;
}

export type BuildResult =
  | { ok: true; set: PackageFileSet; entries: Entry[]; total: number; zip: Buffer; checksum: string; unsafe: MkFinding[] }
  /** `environment`: uv is missing (exit 2); otherwise problems in the plugin (exit 1). */
  | { ok: false; errors: string[]; environment?: boolean };

/** The ids whose findings the packager refuses (the toolkit blocks them; they leak or bloat). */
const UNSAFE_IDS = new Set(['MK7', 'MK9', 'MK10', 'MK15', 'MK16', 'MK17', 'MK18', 'MK19', 'MK20']);

export function buildPackage(root: string, opts: BuildOptions): BuildResult {
  const set = collectPackageFiles(root);
  const ignoreName = set.ignore?.file ?? '.difyignore';
  const errors: string[] = set.problems.map((p) => p.message);
  if (set.truncated) errors.push(`the plugin folder holds more than ${set.files.length} files and the walk stopped; exclude generated or vendored folders in ${ignoreName}.`);
  for (const f of set.files) {
    if (f.path.includes('\\')) errors.push(`${f.path}: a file name with a backslash becomes a folder separator in the package ("\\" → "/"). Rename the file.`);
  }
  if (errors.length > 0) return { ok: false, errors };

  // Limits before reading any content.
  if (set.files.length > MAX_PACKAGE_FILES) {
    return { ok: false, errors: [`package contains too many files: ${set.files.length} (the Marketplace accepts at most ${MAX_PACKAGE_FILES}). Exclude generated or vendored folders in ${ignoreName}.`] };
  }
  if (set.totalBytes > opts.maxBytes) return { ok: false, errors: [sizeMessage(set.files, set.totalBytes, opts.maxBytes)] };

  const entries: Entry[] = [];
  if (needsGeneratedRequirements(root, opts.language)) {
    let exported = opts.uvExported;
    if (!exported) {
      const uv = findUv();
      if (!uv) return { ok: false, errors: [UV_MISSING_HELP], environment: true };
      try {
        exported = { ok: true, data: uvExport(root, uv) };
      } catch (e) {
        if (e instanceof UvError) exported = { ok: false, error: e };
        else throw e;
      }
    }
    if (!exported.ok) return { ok: false, errors: [exported.error.message] };
    entries.push({ path: 'requirements.txt', data: exported.data, generated: 'uv export' });
  }
  for (const f of set.files) entries.push({ path: f.path, data: readFileSync(f.abs) });
  entries.sort((a, b) => compareBytewise(a.path, b.path));
  const total = entries.reduce((n, e) => n + e.data.length, 0);
  if (total > opts.maxBytes) return { ok: false, errors: [sizeMessage(entries.map((e) => ({ path: e.path, size: e.data.length })), total, opts.maxBytes)] };

  // What the Marketplace blocks and what must never leave the author's machine.
  const files = entries.map((e) => ({ path: e.path, abs: '', size: e.data.length }));
  const byPath = new Map(entries.map((e) => [e.path, e.data]));
  const read = (f: { path: string }) => byPath.get(f.path)!;
  const findings = [...scanContents(files), ...scanSecrets(files, read), ...scanBinaries(files, (f) => read(f).subarray(0, 8))];
  const unsafe = findings.filter((f) => f.severity === 'error' && UNSAFE_IDS.has(f.id));
  if (unsafe.length > 0 && !opts.allowUnsafeFiles) {
    return {
      ok: false,
      errors: [
        ...unsafe.map((f) => `${f.message}  (${f.id})`),
        `${unsafe.length} file${unsafe.length === 1 ? '' : 's'} must not be packaged: secrets, environments, VCS data, caches or native binaries, which the Marketplace rejects and \`dify plugin package\` would ship. Exclude them in ${ignoreName}; only if you are sure, pass --allow-unsafe-files.`,
      ],
    };
  }

  const compressed = deflateAll(entries.map((e) => e.data));
  const zip = writeZip(entries.map((e, i) => ({ name: e.path, data: e.data, compressed: compressed[i] })));
  if (zip.length > opts.maxBytes) {
    return { ok: false, errors: [`the package is ${zip.length} bytes packed, more than ${opts.maxBytes} (--max-size): Dify's upload limit applies to the packed file too.`] };
  }
  const checksum = pluginChecksum(entries);
  return { ok: true, set, entries, total, zip, checksum, unsafe };
}

function sizeMessage(files: { path: string; size: number }[], total: number, max: number): string {
  const largest = [...files].sort((a, b) => b.size - a.size).slice(0, 5).map((f) => `${f.path} (${formatBytes(f.size)})`).join(', ');
  return `the files to package total ${formatBytes(total)} (${total} bytes), more than --max-size ${max / MIB} MiB (${max} bytes), Dify's limit. Largest: ${largest}. Exclude what the plugin does not need in .difyignore.`;
}

/** npm-style sizes: B, kB, MB (powers of 1000). */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n}B`;
  if (n < 1000 * 1000) return `${(n / 1000).toFixed(1)}kB`;
  return `${(n / 1000 / 1000).toFixed(1)}MB`;
}
