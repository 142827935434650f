// `model-plugin package`: validate, collect the files `dify plugin package` would (same ignore
// semantics, same generated requirements.txt), refuse what the Marketplace refuses and what must
// never ship (secrets, environments, VCS data, native binaries), then write a reproducible .difypkg.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { EXIT, UsageError } from '../cli/errors.js';
import { excludedBy } from '../plugin/ignore.js';
import { getPath } from '../plugin/values.js';
import { MIB } from '../validate/rules/marketplace/finding.js';
import { buildPackage, formatBytes } from './build.js';
import { findUv, needsGeneratedRequirements, uvExportAsync, type UvExportOutcome } from './uv.js';
import { visible } from '../cli/visible.js';

export interface PackageCliOptions {
  output?: string;
  maxSize?: string;
  dryRun?: boolean;
  force?: boolean;
  marketplace?: boolean;
  allowUnsafeFiles?: boolean;
}

export async function runPackage(dir: string | undefined, opts: PackageCliOptions): Promise<number> {
  const root = pluginRoot(dir ?? '.');
  const maxBytes = parseMaxSize(opts.maxSize);

  // 1. Validate first, with the usual report.
  // Asynchronous: the Python sources' syntax (X8) is checked too, in a worker meanwhile (or read
  // from the cache of earlier runs); a source that does not parse stops the package like any error.
  // `uv export`, when the plugin's files call for it, runs meanwhile (the manifest's runner
  // language, checked after validation, decides whether its output is used).
  const uv = needsGeneratedRequirements(root, 'python') ? findUv() : undefined;
  const exporting = uv ? uvExportAsync(root, uv) : undefined;
  try {
    return await validateAndPackage(root, maxBytes, opts, exporting?.outcome);
  } finally {
    exporting?.cancel();
  }
}

async function validateAndPackage(root: string, maxBytes: number, opts: PackageCliOptions, uvExported: Promise<UvExportOutcome> | undefined): Promise<number> {
  const out = (s = '') => process.stdout.write(s + '\n');
  const err = (s: string) => process.stderr.write(s + '\n');
  const [{ validatePluginAsync }, { workerService }] = await Promise.all([import('../validate/pipeline.js'), import('../validate/python/syntax-service.js')]);
  const syntax = workerService();
  let run: Awaited<ReturnType<typeof validatePluginAsync>>;
  try {
    run = await validatePluginAsync(root, { marketplace: opts.marketplace }, syntax);
  } finally {
    syntax.close();
  }
  // F5 (50 MiB) is the packager's own size check below, against --max-size: one finding, not two.
  const diags = (run.result.diagnostics = run.result.diagnostics.filter((d) => d.ruleId !== 'F5'));
  const errors = diags.filter((d) => d.severity === 'error').length;
  const warnings = diags.filter((d) => d.severity === 'warning').length;
  if (diags.length > 0) {
    const { REPORTERS } = await import('../validate/reporters/index.js');
    const { readSourceText } = await import('../plugin/source-text.js');
    const reporter = await REPORTERS.stylish();
    const text = reporter({ plugins: [run.result], errorCount: errors, warningCount: warnings }, { cwd: process.cwd(), source: readSourceText });
    (errors > 0 ? process.stderr : process.stdout).write(text);
  }
  if (errors > 0) {
    err(`package: nothing written — fix the ${errors} error${errors === 1 ? '' : 's'} above first (\`model-plugin validate${opts.marketplace ? ' --marketplace' : ''}\` shows them again).`);
    return EXIT.problems;
  }
  const manifest = run.plugin.manifest?.data;
  const name = String(getPath(manifest, ['name']));
  const version = String(getPath(manifest, ['version']));
  const outPath = resolve(opts.output ?? join(dirname(root), `${name}-${version}.difypkg`));
  if (!opts.dryRun && existsSync(outPath)) {
    if (statSync(outPath).isDirectory()) {
      throw new UsageError(`-o ${shown(outPath)} is a folder; give a file name such as ${join(shown(outPath), `${name}-${version}.difypkg`)}.`);
    }
    if (!opts.force) {
      err(`package: ${shown(outPath)} already exists; nothing written. Pass --force to replace it, or -o to write elsewhere.`);
      return EXIT.problems;
    }
  }

  // 2. Build in memory: file set, generated requirements.txt, limits, safety, zip, checksum.
  const language = getPath(manifest, ['meta', 'runner', 'language']);
  const built = buildPackage(root, {
    maxBytes,
    language,
    allowUnsafeFiles: opts.allowUnsafeFiles,
    uvExported: uvExported && needsGeneratedRequirements(root, language) ? await uvExported : undefined,
  });
  if (!built.ok) {
    for (const l of built.errors) err(`error  ${l}`);
    err('package: nothing written.');
    return built.environment ? EXIT.usage : EXIT.problems;
  }
  const { set, entries, total, zip, checksum, unsafe } = built;
  for (const f of unsafe) err(`warning  ${f.message}  (${f.id}; let in by --allow-unsafe-files)`);

  // 3. Report, like `npm pack`.
  out(`package: ${visible(`${name}@${version}`)}`);
  out(`Contents${set.ignore ? ` (filtered by ${set.ignore.file})` : ' (no .difyignore or .gitignore: every file)'}:`);
  const width = Math.max(...entries.map((e) => formatBytes(e.data.length).length), 4);
  for (const e of entries) out(`  ${formatBytes(e.data.length).padStart(width)}  ${visible(e.path)}${e.generated ? `  (generated by ${e.generated})` : ''}`);
  out(`Files:     ${entries.length}`);
  out(`Unpacked:  ${formatBytes(total)}`);
  out(`Packed:    ${formatBytes(zip.length)}`);
  out(`Checksum:  ${checksum}`);
  out(`Identity:  ${visible(`${getPath(manifest, ['author'])}/${name}:${version}`)}@${checksum}`);
  if (warnings > 0) out(`Warnings:  ${warnings} (listed above)`);
  if (unsafe.length > 0) out(`Unsafe:    ${unsafe.length} file${unsafe.length === 1 ? '' : 's'} let in by --allow-unsafe-files`);
  if (opts.dryRun) {
    out(`Output:    ${shown(outPath)} (dry run: nothing written)`);
    return EXIT.ok;
  }
  if (insideRoot(root, outPath)) {
    const ignore = set.ignore;
    if (!ignore || !excludedBy(ignore, relative(root, outPath).split(sep).join('/'))) {
      err(`package: warning: ${shown(outPath)} is inside the plugin and not excluded by .difyignore, so the next package would contain it. Add "*.difypkg" to .difyignore.`);
    }
  }
  writeAtomically(outPath, zip);
  out(`Output:    ${shown(outPath)}`);
  return EXIT.ok;
}

function pluginRoot(given: string): string {
  const abs = resolve(given);
  let st;
  try {
    st = statSync(abs);
  } catch {
    throw new UsageError(`path not found: ${given}. Pass the plugin folder (the one that holds manifest.yaml).`);
  }
  if (!st.isDirectory()) throw new UsageError(`${given} is not a folder. Pass the plugin folder (the one that holds manifest.yaml).`);
  if (!existsSync(join(abs, 'manifest.yaml'))) {
    throw new UsageError(`${given} holds no manifest.yaml, so it is not a plugin root. Pass the plugin folder (the one that holds manifest.yaml).`);
  }
  return abs;
}

function parseMaxSize(v: string | undefined): number {
  if (v === undefined) return 50 * MIB;
  if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 4000) {
    throw new UsageError(`--max-size takes a whole number of MiB from 1 to 4000, not "${v}" (default 50, Dify's limit).`);
  }
  return Number(v) * MIB;
}

function shown(p: string): string {
  const r = relative(process.cwd(), p);
  return r === '' ? basename(p) : r.startsWith('..') && r.split(sep).filter((s) => s === '..').length > 2 ? p : r;
}

function insideRoot(root: string, p: string): boolean {
  const r = relative(root, p);
  return r !== '' && r !== '..' && !r.startsWith('..' + sep) && !isAbsolute(r);
}

/** Temp file in the same folder, fsync, rename: a reader never sees half a package. */
function writeAtomically(path: string, data: Buffer): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    const fd = openSync(tmp, 'wx', 0o644);
    try {
      writeSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EROFS' || code === 'ENOTDIR') {
      throw new UsageError(`cannot write ${shown(path)} (${code}). Check that its folder exists and is writable, or pass -o.`);
    }
    throw e;
  }
}
