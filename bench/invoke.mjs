// Benchmark of `model-plugin invoke --mock --type llm` (issue: invoke). The figure with a goal is
// the plugin-ready time: from starting `model-plugin invoke` to its "plugin ready" line (the plugin's
// first heartbeat), against the bare start-up of the SDK (`python -c "import dify_plugin"`)
// measured in the same rounds, with the same interpreter. Aim: <= +300 ms. Also printed: the
// plugin alone from spawn to its first heartbeat, and the whole run's wall time (CLI, validator,
// mock, plugin start and the three LLM requests, including the SDK's tiktoken count of the
// streamed answer, which an OpenAI-style stream without usage makes the plugin do).
// Needs `npm run build` and the venvs of `node scripts/setup-python.mjs`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const bin = join(repo, 'bin', 'model-plugin.js');
const create = join(repo, 'bin', 'create-model-plugin.js');
const TARGET_MS = 300;
const RUNS = 9;

/** The ready venv interpreters of scripts/setup-python.mjs, newest Python first. */
function pythons() {
  const dir = join(repo, '.cache', 'python');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => /^py3\.\d+$/.test(n))
    .sort((a, b) => Number(b.split('.')[1]) - Number(a.split('.')[1]))
    .flatMap((n) => {
      try {
        return [JSON.parse(readFileSync(join(dir, n, '.model-plugin-ready.json'), 'utf8'))];
      } catch {
        return [];
      }
    });
}

function timeRun(cmd, args, cwd) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.error || r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Ms from spawning `python -m main` to the plugin's first heartbeat (then it is killed). */
async function pluginStartMs(python, cwd) {
  const t0 = process.hrtime.bigint();
  const child = spawn(python, ['-m', 'main'], { cwd, env: { ...process.env, INSTALL_METHOD: 'local' }, detached: true });
  await new Promise((res, rej) => {
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      if (buf.includes('"event":"heartbeat"')) res();
    });
    child.on('exit', (code) => rej(new Error(`plugin exited (${code}) before its first heartbeat`)));
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  process.kill(-child.pid, 'SIGKILL');
  await new Promise((res) => child.on('close', res));
  return ms;
}

/** Ms from starting `model-plugin invoke` to its "plugin ready" line, and to its exit. */
async function invokeTimes(args, cwd) {
  const t0 = process.hrtime.bigint();
  const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let readyMs;
  let spawnMs; // when invoke started the plugin: its "ready in" counts from there
  child.stdout.on('data', (d) => {
    out += d;
    if (readyMs === undefined && out.includes('plugin ready in')) readyMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const m = /plugin ready in (\d+) ms/.exec(out);
    if (m && spawnMs === undefined) spawnMs = readyMs - Number(m[1]);
  });
  child.stderr.on('data', (d) => (err += d));
  const code = await new Promise((res) => child.on('close', res));
  const totalMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (code !== 0 || readyMs === undefined) throw new Error(`invoke failed (${code}):\n${out}${err}`);
  return { readyMs, totalMs, spawnMs };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const list = pythons();
if (list.length === 0) {
  console.error('bench/invoke.mjs: no Python venv with dify_plugin; run `node scripts/setup-python.mjs` first.');
  process.exit(1);
}
const work = mkdtempSync(join(tmpdir(), 'bench-invoke-'));
const plugin = join(work, 'acme');
const allTypes = join(work, 'every');
const ALL_RUNS = 3;
try {
  const made = spawnSync(process.execPath, [create, plugin, '--yes', '--name', 'acme', '--types', 'llm', '--base', 'openai-compatible'], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`scaffold failed: ${made.stderr}`);
  const madeAll = spawnSync(process.execPath, [create, allTypes, '--yes', '--name', 'every', '--types', 'llm,text-embedding,rerank,tts,speech2text,moderation', '--base', 'openai-compatible'], { encoding: 'utf8' });
  if (madeAll.status !== 0) throw new Error(`scaffold failed: ${madeAll.stderr}`);
  console.log(`# invoke benchmarks (median of ${RUNS} interleaved runs, ${cpus().length} cores; scaffolded OpenAI-compatible LLM plugin)`);
  for (const { python, pythonVersion, sdkVersion } of list) {
    const check = spawnSync(process.execPath, [bin, 'invoke', '--mock', '--type', 'llm', '--python', python], { cwd: plugin, encoding: 'utf8' });
    if (check.status !== 0) throw new Error(`invoke failed (${check.status}):\n${check.stdout}${check.stderr}`);
    // Interleaved, one of each per round, so that load changes on the machine hit all three alike.
    const runs = { import: [], start: [], ready: [], invoke: [], spawn: [] };
    for (let i = 0; i <= RUNS; i++) {
      const imp = timeRun(python, ['-c', 'import dify_plugin'], plugin);
      const start = await pluginStartMs(python, plugin);
      const inv = await invokeTimes([bin, 'invoke', '--mock', '--type', 'llm', '--python', python], plugin);
      if (i === 0) continue; // warm-up
      runs.import.push(imp);
      runs.start.push(start);
      runs.ready.push(inv.readyMs);
      runs.invoke.push(inv.totalMs);
      runs.spawn.push(inv.spawnMs);
    }
    const [importMs, startMs, readyMs, invokeMs] = [median(runs.import), median(runs.start), median(runs.ready), median(runs.invoke)];
    const added = readyMs - importMs;
    console.log(`Python ${pythonVersion}, dify_plugin ${sdkVersion}`);
    console.log(`  python -c "import dify_plugin"            ${importMs.toFixed(0).padStart(6)} ms`);
    console.log(`  plugin start to first heartbeat (alone)   ${startMs.toFixed(0).padStart(6)} ms`);
    console.log(`  invoke --mock --type llm: plugin ready    ${readyMs.toFixed(0).padStart(6)} ms  (plugin started ${median(runs.spawn).toFixed(0)} ms after the command)`);
    console.log(`  plugin-ready time over the SDK import     ${added >= 0 ? '+' : ''}${added.toFixed(0).padStart(5)} ms  (target <= +${TARGET_MS} ms: ${added <= TARGET_MS ? 'met' : 'NOT met'})`);
    console.log(`  invoke --mock --type llm: whole run       ${invokeMs.toFixed(0).padStart(6)} ms  (${(invokeMs - importMs).toFixed(0)} ms over the import)`);
    // The whole smoke run of a scaffold with all six types (hermetic proxy, per-run CA, 9 actions).
    const all = [];
    for (let i = 0; i < ALL_RUNS; i++) all.push(timeRun(process.execPath, [bin, 'invoke', '--mock', '--python', python], allTypes));
    console.log(`  invoke --mock, all six types (median of ${ALL_RUNS}) ${median(all).toFixed(0).padStart(6)} ms`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
