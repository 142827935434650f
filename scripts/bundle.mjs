#!/usr/bin/env node
// Bundles the two CLI entry points (from tsc's output in dist/) into dist/bin/, so that a command
// loads a few files instead of ~80 small modules: about 20 ms of the start-up of every command.
// Code split at the dynamic import()s, so each command still loads only what it needs; packages
// from node_modules stay external (and lazily loaded), except commander, which every command
// loads first: bundled, it is a few functions of the entry file instead of seven CommonJS modules
// resolved, scanned for exports and compiled through Node's CJS loader. Run after tsc (`npm run build`).
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const outdir = join(root, 'dist', 'bin');
const { dependencies } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const BUNDLED = new Set(['commander']);
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: {
    'model-plugin': join(root, 'dist', 'cli', 'model-plugin.js'),
    'create-model-plugin': join(root, 'dist', 'cli', 'create-model-plugin.js'),
    // The worker thread of parallel validation (src/validate/worker.ts), sharing the same chunks.
    'validate-worker': join(root, 'dist', 'validate', 'worker.js'),
    // Python syntax checks on the other core while one plugin's YAML is checked (python/syntax-service.ts).
    'python-syntax-worker': join(root, 'dist', 'validate', 'python', 'syntax-worker.js'),
  },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: Object.keys(dependencies).filter((d) => !BUNDLED.has(d)).flatMap((d) => [d, `${d}/*`]),
  // commander is CommonJS and require()s Node's modules: give the ESM chunks a require.
  banner: { js: "import { createRequire as __mpCreateRequire } from 'node:module'; const require = __mpCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
console.log(`bundle: dist/cli/*.js -> ${outdir.slice(root.length + 1)}/`);
