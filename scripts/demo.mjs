#!/usr/bin/env node
// The main job, end to end, on a fresh machine (`npm run demo`, after `npm ci`):
// scaffold a model plugin with every model type, validate it, and smoke-invoke every type through
// the real dify_plugin SDK against the built-in mock OpenAI-compatible server.
// Needs: `npm run build` and `node scripts/setup-python.mjs` (the npm script runs both first).
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readyPythons } from './pythons.mjs';

const repo = dirname(dirname(fileURLToPath(import.meta.url)));
const bin = (name) => join(repo, 'bin', name);
const dir = join(mkdtempSync(join(tmpdir(), 'model-plugin-demo-')), 'acme');

function step(title, cmd, args) {
  console.log(`\n$ ${[cmd === process.execPath ? 'node' : cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`\ndemo: "${title}" failed (exit ${r.status}).`);
    process.exit(r.status ?? 1);
  }
}

const python = readyPythons()[0];
if (!python) {
  console.error('demo: no Python virtualenv with dify_plugin; run `node scripts/setup-python.mjs`.');
  process.exit(2);
}

step('scaffold', process.execPath, [bin('create-model-plugin.js'), dir, '--yes', '--name', 'acme', '--author', 'acme', '--types', 'llm,text-embedding,rerank,tts,speech2text,moderation']);
step('validate', process.execPath, [bin('model-plugin.js'), 'validate', dir]);
step('invoke', process.execPath, [bin('model-plugin.js'), 'invoke', '--dir', dir, '--mock', '--python', python.python]);
console.log(`\ndemo: done. The plugin is in ${dir} (SDK ${python.sdkVersion}).`);
