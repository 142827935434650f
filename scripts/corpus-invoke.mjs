#!/usr/bin/env node
// Measures `model-plugin setup` + `model-plugin invoke --mock` on the official plugins of
// ../shared/corpus/dify-official-models, as an author would run them, and prints a Markdown table:
// plugin, declared model types, setup result, result per type, and the exact reason when a type
// does not pass. The corpus itself is never touched: each plugin is copied (minus FILES.txt) into a
// persistent work folder outside the repository, where its .venv stays between runs (setup skips
// unchanged plugins), so a re-run costs the invocations only.
//
// Usage: node scripts/corpus-invoke.mjs [--out table.md] [--jobs 2] [name ...]
// Env:   MODEL_PLUGIN_CORPUS_WORK  work folder (default: <repo>/../.corpus-work)
//        MODEL_PLUGIN_CORPUS       corpus folder (default: <repo>/../shared/corpus/dify-official-models)
// Needs `npm run build`. Results in JSON go to <work>/results.json as well.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const repo = dirname(dirname(fileURLToPath(import.meta.url)));
const corpus = resolve(process.env.MODEL_PLUGIN_CORPUS || join(repo, '..', 'shared', 'corpus', 'dify-official-models'));
const work = resolve(process.env.MODEL_PLUGIN_CORPUS_WORK || join(repo, '..', '.corpus-work'));
const bin = join(repo, 'bin', 'model-plugin.js');

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  if (i === -1) return undefined;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const outFile = flag('--out');
const jobs = Math.max(1, Number(flag('--jobs') ?? 2));
const TYPES = ['llm', 'text-embedding', 'rerank', 'speech2text', 'tts', 'moderation'];
const SETUP_GUARD_MS = 20 * 60_000;
const INVOKE_GUARD_MS = 10 * 60_000;

function log(msg) {
  process.stderr.write(`corpus-invoke: ${msg}\n`);
}

function run(cmdArgs, timeoutMs) {
  return new Promise((resolvePromise) => {
    const started = Date.now();
    const child = spawn(process.execPath, [bin, ...cmdArgs], { env: { ...process.env, NO_COLOR: '1', CI: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** Declared model types from the provider YAML (supported_model_types), in the corpus copy. */
function declaredTypes(dir) {
  try {
    const manifest = parse(readFileSync(join(dir, 'manifest.yaml'), 'utf8'));
    const provider = parse(readFileSync(join(dir, manifest.plugins.models[0]), 'utf8'));
    return (provider.supported_model_types ?? []).map(String);
  } catch {
    return [];
  }
}

/** A fresh copy of the plugin's files; the .venv of an earlier run stays. */
function prepare(name) {
  const dest = join(work, name);
  mkdirSync(dest, { recursive: true });
  for (const entry of readdirSync(dest)) if (entry !== '.venv') rmSync(join(dest, entry), { recursive: true, force: true });
  for (const entry of readdirSync(join(corpus, name))) {
    if (entry === 'FILES.txt') continue;
    cpSync(join(corpus, name, entry), join(dest, entry), { recursive: true });
  }
  return dest;
}

/** The line of a failed command's output that says why. */
function lastReason(text) {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const named = lines.find((l) => /^model-plugin: /.test(l));
  return (named ?? lines.at(-1) ?? '').replace(/^model-plugin: /, '');
}

async function measure(name) {
  const dir = prepare(name);
  const types = declaredTypes(dir);
  const entry = { name, types, setup: null, setupMs: 0, perType: {}, reasons: {}, error: null };
  const s = await run(['setup', '--dir', dir], SETUP_GUARD_MS);
  entry.setupMs = s.ms;
  if (s.code !== 0) {
    entry.setup = 'fail';
    entry.error = `setup exit ${s.code ?? s.signal}: ${lastReason(s.stderr || s.stdout)}`;
    return entry;
  }
  entry.setup = /up to date/.test(s.stdout) ? 'ok (cached)' : 'ok';
  const inv = await run(['invoke', '--mock', '--format', 'json', '--dir', dir], INVOKE_GUARD_MS);
  entry.invokeMs = inv.ms;
  entry.invokeCode = inv.code;
  let json;
  try {
    json = JSON.parse(inv.stdout);
  } catch {
    json = undefined;
  }
  if (!json) {
    entry.error = `invoke exit ${inv.code ?? inv.signal}: ${lastReason(inv.stderr) || 'no JSON output'}`;
    return entry;
  }
  for (const type of types) {
    const results = (json.results ?? []).filter((r) => r.type === type);
    const failed = results.find((r) => !r.ok);
    const notRun = (json.notRun ?? []).find((n) => n.type === type);
    if (results.length > 0 && !failed && !notRun) entry.perType[type] = 'pass';
    else {
      entry.perType[type] = results.length ? 'fail' : 'not run';
      const why = failed ? `${failed.action}: ${failed.error ?? failed.output ?? 'failed'}` : notRun ? notRun.reason : (json.error?.message ?? 'not run');
      entry.reasons[type] = why;
    }
  }
  // A failure before any type ran (credential check, start-up) is the reason for all of them.
  const provider = (json.results ?? []).find((r) => r.type === null && !r.ok);
  if (json.error || provider) {
    entry.error = provider ? `${provider.action}: ${provider.error ?? 'failed'}` : `${json.error.message}${json.error.cause ? `: ${json.error.cause}` : ''}`;
  }
  return entry;
}

function cell(text, max = 260) {
  // The mock's port changes every run; the rest of a reason is exact.
  const one = String(text).replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<port>').replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

function table(entries) {
  const rows = ['| Plugin | Declared types | setup | invoke --mock per type | Reason when not passing |', '|---|---|---|---|---|'];
  for (const e of entries) {
    const perType = e.types.map((t) => `${t} ${e.perType[t] === 'pass' ? '✓' : '✗'}`).join(', ') || '(none declared)';
    const reasons = [];
    if (e.error) reasons.push(e.error);
    for (const [t, why] of Object.entries(e.reasons)) if (!e.error || !why.includes(e.error)) reasons.push(`${t}: ${why}`);
    const unique = [...new Set(reasons)];
    rows.push(`| ${e.name} | ${e.types.join(', ')} | ${e.setup === 'fail' ? '✗' : '✓'} | ${e.setup === 'fail' ? '—' : perType} | ${cell(unique.join(' · ') || '')} |`);
  }
  return rows.join('\n');
}

function summary(entries) {
  const setupOk = entries.filter((e) => e.setup !== 'fail').length;
  const allPass = entries.filter((e) => e.types.length > 0 && e.types.every((t) => e.perType[t] === 'pass')).length;
  const typesTotal = entries.reduce((n, e) => n + e.types.length, 0);
  const typesPass = entries.reduce((n, e) => n + e.types.filter((t) => e.perType[t] === 'pass').length, 0);
  return { plugins: entries.length, setupOk, allPass, typesTotal, typesPass };
}

async function main() {
  if (!existsSync(bin) || !existsSync(join(repo, 'dist'))) {
    log('run `npm run build` first');
    process.exit(2);
  }
  const names = args.length ? args : readdirSync(corpus, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  mkdirSync(work, { recursive: true });
  log(`${names.length} plugins, work folder ${work}, ${jobs} at a time`);
  const entries = new Array(names.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(jobs, names.length) }, async () => {
      while (next < names.length) {
        const i = next++;
        const e = await measure(names[i]);
        entries[i] = e;
        const passed = e.types.filter((t) => e.perType[t] === 'pass').length;
        log(`${e.name}: setup ${e.setup} (${Math.round(e.setupMs / 1000)} s), ${passed}/${e.types.length} types pass${e.error ? ` — ${cell(e.error, 160)}` : ''}`);
      }
    }),
  );
  writeFileSync(join(work, 'results.json'), JSON.stringify(entries, null, 2) + '\n');
  const s = summary(entries);
  const text =
    `${table(entries)}\n\n` +
    `${s.setupOk}/${s.plugins} plugins set up; ${s.allPass}/${s.plugins} pass every declared type; ${s.typesPass}/${s.typesTotal} declared types pass.\n`;
  if (outFile) writeFileSync(outFile, text);
  else process.stdout.write(text);
  log(`done: ${s.setupOk}/${s.plugins} set up, ${s.allPass}/${s.plugins} pass every type, ${s.typesPass}/${s.typesTotal} types`);
}

main();
