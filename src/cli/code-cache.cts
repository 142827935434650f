// Runs the CommonJS bundles of dist/bin/ (scripts/bundle.mjs), and the generated schema validators,
// with a V8 code cache.
// Why: Node 20 has no compile cache of its own (module.enableCompileCache is Node 22), and compiling
// the bundle's functions was about a fifth of a `validate` of one plugin. The cache is kept per
// bundle build, Node version, architecture and command (each command compiles different functions)
// in the tool cache; MODEL_PLUGIN_NO_CACHE=1 turns it off. V8 refuses a cache that does not fit
// its version or flags; the bundle is then compiled as usual and a fresh cache written at exit.
// The key carries the bundle's size and mtime because V8 itself checks only the source's length.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { cachesOff, toolCacheDir } from '../setup/cache-dir.cjs';

/** The command word of argv (`validate`, `invoke`...), as a file-name-safe part of the key. */
function commandOf(argv: readonly string[]): string {
  const word = argv.slice(2).find((a) => !a.startsWith('-'));
  return word && /^[a-z][a-z-]{0,30}$/.test(word) ? word : 'default';
}

/** Commands that have a bundle of their own (src/cli/only/), by the first argument. */
const COMMAND_BUNDLES: Record<string, string> = {
  validate: 'model-plugin-validate',
  rules: 'model-plugin-validate',
  package: 'model-plugin-package',
  checksum: 'model-plugin-package',
  invoke: 'model-plugin-invoke',
  'mock-server': 'model-plugin-invoke',
  setup: 'model-plugin-setup',
};

/** Runs the `model-plugin` CLI: the bundle of the command named first, else the whole CLI's. */
export function runModelPlugin(argv: readonly string[] = process.argv): void {
  const own = Object.hasOwn(COMMAND_BUNDLES, argv[2] ?? '') ? COMMAND_BUNDLES[argv[2]!] : undefined;
  void (loadBundle(own ?? 'model-plugin', argv).main as (argv: readonly string[]) => Promise<void>)(argv);
}

/** Loads `dist/bin/<name>.cjs` and returns its exports. */
export function loadBundle(name: string, argv: readonly string[] = process.argv): Record<string, unknown> {
  return requireCached(join(__dirname, '..', 'bin', `${name}.cjs`), commandOf(argv));
}

/**
 * Runs the CommonJS file `file` as `require` would (a fresh module, not shared with require's own
 * cache), with the code cache of `variant` (the functions compiled differ by command).
 */
export function requireCached(file: string, variant: string): Record<string, unknown> {
  const source = readFileSync(file, 'utf8');
  let cacheFile: string | undefined;
  let cachedData: Buffer | undefined;
  if (!cachesOff()) {
    const st = statSync(file);
    const name = basename(file).replace(/\.c?js$/, '');
    cacheFile = join(toolCacheDir(), 'v8', `${name}.${variant}.${st.size}-${Math.floor(st.mtimeMs)}.${process.version}.${process.arch}.bin`);
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
  }
  // No import() in this code: Node 20 has no stable loader for vm scripts (scripts/bundle.mjs checks).
  const script = new Script(Module.wrap(source), { filename: file, cachedData });
  if (cacheFile && (!cachedData || script.cachedDataRejected)) {
    const target = cacheFile;
    // At exit, so that the cache holds every function the command compiled, not only the top level.
    process.once('exit', () => writeCache(target, script));
  }
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  const mod = { exports: {} as Record<string, unknown>, filename: file, id: file, loaded: false };
  wrapper.call(mod.exports, mod.exports, Module.createRequire(file), mod, file, dirname(file));
  mod.loaded = true;
  return mod.exports;
}

/** Writes the cache atomically and drops the caches of older builds of the same bundle and command. */
function writeCache(file: string, script: Script): void {
  const dir = dirname(file);
  const base = basename(file);
  const prefix = base.slice(0, base.indexOf('.', base.indexOf('.') + 1) + 1);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const old of readdirSync(dir)) if (old.startsWith(prefix) && old !== base && !old.endsWith('.tmp')) rmSync(join(dir, old), { force: true });
    writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
    renameSync(tmp, file);
  } catch {
    // A cache that cannot be written (a read-only or foreign cache folder) only means compiling
    // again next time; this runs at exit, so nothing here may throw.
    try {
      rmSync(tmp, { force: true });
    } catch {
      // not ours to remove
    }
  }
}
