#!/usr/bin/env node
// Bundles the CLI entry points and the worker threads (from tsc's output in dist/) into one CommonJS
// file each in dist/bin/, so that a command loads one file instead of ~80 small modules, and so that
// the bin shims can run it with a V8 code cache (src/cli/code-cache.cts): Node 20 caches compiled
// code only for scripts it is handed, not for ES modules. A bundle holds every command; modules
// reached by import() stay lazy (esbuild's init functions), so a command still runs only its own
// code; the commands that must start fastest also have a bundle of their own. Packages from node_modules stay external (required lazily) except the ones every command
// loads first (commander) and the ES-only ones a CommonJS bundle cannot require on Node 20.17
// (chalk, @inquirer/prompts): bundled, they are code of the bundle. Run after tsc (`npm run build`).
import { build } from 'esbuild';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const outdir = join(root, 'dist', 'bin');
const { dependencies } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const BUNDLED = new Set(['commander', 'chalk', '@inquirer/prompts']);
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: {
    'model-plugin': join(root, 'dist', 'cli', 'model-plugin.js'),
    'create-model-plugin': join(root, 'dist', 'cli', 'create-model-plugin.js'),
    // One command's program alone (src/cli/only/), run when the first argument names it (cli/code-cache.cts).
    ...Object.fromEntries(['validate', 'package', 'invoke', 'setup'].map((c) => [`model-plugin-${c}`, join(root, 'dist', 'cli', 'only', `${c}.js`)])),
    // The worker thread of parallel validation (src/validate/worker.ts).
    'validate-worker': join(root, 'dist', 'validate', 'worker.js'),
    // Python syntax checks on the other core while one plugin's YAML is checked (python/syntax-service.ts).
    'python-syntax-worker': join(root, 'dist', 'validate', 'python', 'syntax-worker.js'),
  },
  outdir,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: Object.keys(dependencies).filter((d) => !BUNDLED.has(d)).flatMap((d) => [d, `${d}/*`]),
  // import.meta.url of the ES module sources (package-root.ts, createRequire) is the bundle's URL.
  define: { 'import.meta.url': '__mpBundleUrl' },
  banner: { js: "const __mpBundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
});
// The bundles run as vm scripts with a code cache (src/cli/code-cache.cts), where import() has no
// module loader: a package kept outside the bundle must be require()d (all of them have CommonJS builds).
for (const file of readdirSync(outdir)) {
  const found = /\bimport\(\s*["'`]/.exec(readFileSync(join(outdir, file), 'utf8'));
  if (found) throw new Error(`bundle: dist/bin/${file} keeps an import() of a package; use createRequire(import.meta.url)(name) in the source instead`);
}
console.log(`bundle: dist/cli/*.js -> ${outdir.slice(root.length + 1)}/`);
