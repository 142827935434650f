// Fuzzing `model-plugin validate` as a hostile user would (issue 12): each case copies an official
// plugin from the corpus (never modified), applies a few seeded mutations (broken and pathological
// YAML, hostile globs, special files, symlinks, binary and huge files) and runs the real CLI on it.
// A case passes when the CLI exits 0 or 1 with one valid JSON object, prints no stack trace, and
// stays under the CPU and memory budget, measured in the CLI process itself (not wall time).
// Used by test/fuzz.test.ts (a few hundred cases) and scripts/fuzz.mjs (larger runs).
import { spawn, execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORPUS_DIR, materializePlugin } from '../bench/corpus.mjs';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CORPUS = CORPUS_DIR;
const BIN = join(REPO, 'bin', 'model-plugin.js');
const RUSAGE = join(REPO, 'scripts', 'fuzz-rusage.cjs');

export const LIMITS = { cpuSeconds: 2, rssBytes: 300 * 1024 * 1024, hangSeconds: 60 };

/** mulberry32: small, fast, seedable. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
}

/** The corpus plugins (folders holding manifest.yaml), sorted; the smaller ones keep CI cheap. */
export function corpusPlugins() {
  if (!existsSync(CORPUS)) return [];
  return readdirSync(CORPUS)
    .filter((d) => existsSync(join(CORPUS, d, 'manifest.yaml')))
    .sort();
}

function walk(root) {
  const out = [];
  const stack = [''];
  while (stack.length) {
    const rel = stack.pop();
    for (const e of readdirSync(join(root, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) stack.push(r);
      else if (e.isFile()) out.push(r);
    }
  }
  return out.sort();
}

const YAML_NOISE = [':', ': ', '- ', '-', '[', ']', '{', '}', '&a ', '*a', '!!str ', '!x ', '|', '>', '"', "'", '\t', '\n', '\n  ', '#', '%YAML 1.1\n', '@', '`', '\0', '\ufeff', '? ', ',', '<<: *a\n', '---\n', '...\n', '\\', '\r', '\u2028', '\ud800', 'é', '0o17', '1e3', 'yes', '~', 'null'];

function alias_bomb() {
  let s = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n';
  let prev = 'a';
  for (const n of 'bcdefghij') {
    s += `${n}: &${n} [${Array(9).fill('*' + prev).join(',')}]\n`;
    prev = n;
  }
  return s;
}

const HOSTILE_YAML = [
  () => alias_bomb(),
  (r) => `x: ${'['.repeat(200 + r.int(20000))}${']'.repeat(r.int(3) ? 200 : 0)}\n`,
  (r) => `${'- '.repeat(100 + r.int(5000))}x\n`,
  (r) => `extra:\n${Array.from({ length: 2000 + r.int(20000) }, (_, i) => `  k${i % (r.chance(0.5) ? 1e9 : 5000)}: ${i}\n`).join('')}`,
  (r) => `extra: &x\n${Array.from({ length: 2000 + r.int(20000) }, (_, i) => `  k${i}: *x\n`).join('')}`,
  (r) => `model: ${'"' + 'a'.repeat(10000 + r.int(500000)) + '"'}\n`,
  (r) => `x: |\n${'  line\n'.repeat(1000 + r.int(50000))}`,
  () => '\ufeffmodel: bom\n',
  () => 'model: [unclosed\n',
  () => 'a: 1\na: 2\n',
  () => '%TAG ! tag:x,2000:\n--- !foo\nx: 1\n',
  (r) => `${Array.from({ length: 50 + r.int(500) }, (_, i) => `--- \nd${i}: 1\n`).join('')}`,
  () => 'x: !!binary AAAA\n',
  () => '? [a, b]\n: c\n',
  () => 'k: 0o777\nv: 1_000\nt: 12:30:45\nb: yes\n',
];

const HOSTILE_GLOBS = [
  (r) => `models/llm/${'*a'.repeat(5 + r.int(30))}*b`,
  (r) => `models/llm/${'*'.repeat(20 + r.int(200))}b`,
  (r) => `models/llm/${'*?'.repeat(10 + r.int(40))}`,
  () => 'models/llm/[z-a].yaml',
  () => 'models/llm/[z-a',
  () => 'models/llm/[]a].yaml',
  () => 'models/llm/[^',
  () => 'models/llm/\\',
  () => '**',
  () => '**/*',
  (r) => `${'**/'.repeat(5 + r.int(50))}*.yaml`,
  () => '../*.yaml',
  () => '/etc/*',
  () => './models/llm/*.yaml',
  () => 'models//llm/*.yaml',
  (r) => 'x'.repeat(500 + r.int(3000)),
  () => '',
  () => '*',
  () => 'models/llm/[!a-z]*.yaml',
  () => 'models/\u0000/*.yaml',
];

function mutateText(r, text) {
  let s = text;
  const n = 1 + r.int(4);
  for (let k = 0; k < n; k++) {
    const at = r.int(s.length + 1);
    switch (r.int(7)) {
      case 0: // insert noise
        s = s.slice(0, at) + r.pick(YAML_NOISE) + s.slice(at);
        break;
      case 1: // delete a range
        s = s.slice(0, at) + s.slice(at + r.int(40));
        break;
      case 2: {
        // duplicate a line
        const lines = s.split('\n');
        const i = r.int(lines.length);
        lines.splice(i, 0, lines[i]);
        s = lines.join('\n');
        break;
      }
      case 3: {
        // swap two lines
        const lines = s.split('\n');
        const i = r.int(lines.length);
        const j = r.int(lines.length);
        [lines[i], lines[j]] = [lines[j], lines[i]];
        s = lines.join('\n');
        break;
      }
      case 4: // truncate
        s = s.slice(0, at);
        break;
      case 5: {
        // re-indent a line
        const lines = s.split('\n');
        const i = r.int(lines.length);
        lines[i] = ' '.repeat(r.int(9)) + lines[i].trimStart();
        s = lines.join('\n');
        break;
      }
      default: {
        // replace a scalar after a colon
        const m = [...s.matchAll(/: (.+)$/gm)];
        if (m.length) {
          const hit = r.pick(m);
          const value = r.pick(['null', '~', '[]', '{}', '""', '-1', '1e999', 'true', '0x1F', '.inf', '*missing', '&a x', '"\\u0000"', `"${'z'.repeat(2000)}"`, '[a, [b, {c: d}]]']);
          s = s.slice(0, hit.index + 2) + value + s.slice(hit.index + hit[0].length);
        }
      }
    }
  }
  return s;
}

/** Builds case `index` of `seed` in a fresh folder; returns the plugin root and what was done. */
export function buildCase(seed, index, plugins = corpusPlugins()) {
  const r = rng((Math.imul(seed, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
  const name = r.pick(plugins);
  const parent = mkdtempSync(join(tmpdir(), 'mp-fuzz-'));
  const root = join(parent, name);
  // The corpus holds YAML files and a FILES.txt; this fills in the rest (never modifying the corpus).
  materializePlugin(name, root);
  execFileSync('chmod', ['-R', 'u+w', root]);
  const files = walk(root);
  const yamlFiles = files.filter((f) => /\.ya?ml$/.test(f));
  const done = [`plugin ${name}`];
  // Without a manifest.yaml (file) there is no plugin: exit 2 is right, so the manifest is only mutated.
  const removable = files.filter((f) => f !== 'manifest.yaml');
  const mutations = 1 + r.int(3);
  for (let m = 0; m < mutations; m++) {
    const op = r.int(10);
    const target = r.pick(yamlFiles.length && r.chance(0.8) ? yamlFiles : files);
    const abs = join(root, target);
    try {
      switch (op) {
        case 0:
        case 1:
        case 2: {
          // textual mutation of a YAML file
          if (!existsSync(abs) || !statSync(abs).isFile()) break;
          writeFileSync(abs, mutateText(r, readFileSync(abs, 'utf8')));
          done.push(`mutate ${target}`);
          break;
        }
        case 3: {
          // a hostile document appended to (or replacing) a YAML file
          const hostile = r.pick(HOSTILE_YAML)(r);
          const base = existsSync(abs) && statSync(abs).isFile() && r.chance(0.5) ? readFileSync(abs, 'utf8') + '\n' : '';
          writeFileSync(abs, base + hostile);
          done.push(`hostile yaml ${target}`);
          break;
        }
        case 4: {
          // a hostile predefined glob in the provider YAML
          const provider = yamlFiles.find((f) => f.startsWith('provider/') && !f.endsWith('_position.yaml'));
          if (!provider) break;
          const p = join(root, provider);
          const glob = r.pick(HOSTILE_GLOBS)(r);
          const text = readFileSync(p, 'utf8');
          const next = text.includes('predefined:')
            ? text.replace(/predefined:\n(\s*)- .*/, (_, sp) => `predefined:\n${sp}- ${JSON.stringify(glob)}`)
            : `${text}\nmodels:\n  llm:\n    predefined:\n      - ${JSON.stringify(glob)}\n`;
          writeFileSync(p, next);
          done.push(`glob ${JSON.stringify(glob.length > 60 ? glob.slice(0, 60) + '…' : glob)}`);
          break;
        }
        case 5: {
          // a special file in place of a file (or next to them)
          const kind = r.pick(['fifo', 'fifo', 'socket', 'dir', 'empty']);
          const at = r.chance(0.7) && target !== 'manifest.yaml' ? abs : join(root, 'models', `special-${m}.yaml`);
          rmSync(at, { recursive: true, force: true });
          mkdirSync(dirname(at), { recursive: true });
          if (kind === 'fifo') execFileSync('mkfifo', [at]);
          else if (kind === 'socket') makeSocket(at);
          else if (kind === 'dir') mkdirSync(at);
          else writeFileSync(at, '');
          done.push(`${kind} ${relative(root, at)}`);
          break;
        }
        case 6: {
          // symlinks: out of the root, dangling, a loop, to a device
          const kind = r.pick(['outside', 'dangling', 'loop', 'device', 'self-dir']);
          if (target === 'manifest.yaml' && kind === 'self-dir') break;
          rmSync(abs, { recursive: true, force: true });
          mkdirSync(dirname(abs), { recursive: true });
          if (kind === 'outside') symlinkSync('/etc/passwd', abs);
          else if (kind === 'dangling') symlinkSync('nowhere/at/all', abs);
          else if (kind === 'loop') symlinkSync(abs, abs);
          else if (kind === 'device') symlinkSync('/dev/zero', abs);
          else symlinkSync('.', abs);
          done.push(`symlink ${kind} ${target}`);
          break;
        }
        case 7: {
          // binary, huge or not-UTF-8 content
          const kind = r.pick(['binary', 'latin1', 'huge', 'nul']);
          if (kind === 'binary') writeFileSync(abs, Buffer.from(Array.from({ length: 1 + r.int(4096) }, () => r.int(256))));
          else if (kind === 'latin1') writeFileSync(abs, Buffer.from('model: caf\xe9\n', 'latin1'));
          else if (kind === 'huge') writeFileSync(abs, `# ${'x'.repeat(99)}\n`.repeat(25_000 + r.int(10_000)));
          else writeFileSync(abs, 'model: a\0b\n');
          done.push(`${kind} ${target}`);
          break;
        }
        case 8: {
          // hostile ignore file
          const lines = Array.from({ length: 1 + r.int(20) }, () => r.pick(['*', '**', '!*', '[z-a]', `${'*a'.repeat(20)}*b`, 'models/', '/', '\\', '[', 'provider/*.yaml', '#x', ' ', '**/**/**/x']));
          writeFileSync(join(root, r.chance(0.5) ? '.difyignore' : '.gitignore'), lines.join('\n'));
          done.push(`ignore file ${JSON.stringify(lines.slice(0, 4))}`);
          break;
        }
        default: {
          // remove a file
          const gone = r.pick(removable);
          rmSync(join(root, gone), { recursive: true, force: true });
          done.push(`remove ${gone}`);
        }
      }
    } catch (err) {
      done.push(`(skipped: ${err.code ?? err.message})`);
    }
  }
  return { parent, root, description: done.join('; ') };
}

function makeSocket(path) {
  // A bound UNIX socket file stays behind when its process exits: open() of it fails with ENXIO.
  execFileSync('python3', ['-c', 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])', path]);
}

/** Runs `model-plugin validate <root> --format json`; resolves with what the case checks. */
export function runCase(root) {
  return new Promise((resolvePromise) => {
    const usageFile = join(dirname(root), '.rusage.json');
    const child = spawn(process.execPath, ['--require', RUSAGE, BIN, 'validate', root, '--format', 'json'], {
      env: { ...process.env, NO_COLOR: '1', FUZZ_RUSAGE_FILE: usageFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = [];
    const err = [];
    let outBytes = 0;
    child.stdout.on('data', (d) => {
      outBytes += d.length;
      if (outBytes < 64 * 1024 * 1024) out.push(d);
    });
    child.stderr.on('data', (d) => err.push(d));
    let hung = false;
    const timer = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, LIMITS.hangSeconds * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      let usage;
      try {
        usage = JSON.parse(readFileSync(usageFile, 'utf8'));
      } catch {
        usage = undefined;
      }
      resolvePromise({ code, signal, hung, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), usage });
    });
  });
}

/** The problems of one case's result (empty when it passed). */
export function checkResult(res) {
  const problems = [];
  if (res.hung) problems.push(`hang: no exit within ${LIMITS.hangSeconds} s`);
  if (res.code !== 0 && res.code !== 1) problems.push(`exit ${res.code ?? res.signal}`);
  try {
    const json = JSON.parse(res.stdout);
    if (!json || !Array.isArray(json.plugins)) problems.push('JSON without a plugins list');
  } catch {
    problems.push(`stdout is not one JSON document (${res.stdout.length} characters)`);
  }
  if (/\n\s+at .+:\d+:\d+\)?/.test(res.stderr) || /internal error/i.test(res.stderr)) problems.push(`stack trace: ${res.stderr.slice(0, 300)}`);
  if (!res.usage) problems.push('no resource usage recorded');
  else {
    const cpu = (res.usage.userCPUTime + res.usage.systemCPUTime) / 1e6;
    if (cpu > LIMITS.cpuSeconds) problems.push(`CPU ${cpu.toFixed(2)} s > ${LIMITS.cpuSeconds} s`);
    const rss = res.usage.maxRSS * 1024;
    if (rss > LIMITS.rssBytes) problems.push(`RSS ${(rss / 1048576).toFixed(0)} MB > ${LIMITS.rssBytes / 1048576} MB`);
  }
  return problems;
}

export function removeCase(c) {
  try {
    execFileSync('chmod', ['-R', 'u+rwX', c.parent], { stdio: 'ignore' });
  } catch {
    /* best effort */
  }
  rmSync(c.parent, { recursive: true, force: true });
}

/** Runs cases [from, from+count) of `seed`, `jobs` at a time; returns per-case results. */
export async function runFuzz({ seed, cases, from = 0, jobs = 2, plugins = corpusPlugins(), keepFailures = false, onCase }) {
  const results = [];
  let next = from;
  const worker = async () => {
    while (next < from + cases) {
      const index = next++;
      const c = buildCase(seed, index, plugins);
      let res = await runCase(c.root);
      let problems = checkResult(res);
      // CPU time grows on a busy machine too (shared cores, caches, frequency): an overrun alone is
      // measured again, up to twice, and the case passes if one run is within budget. A real blowup
      // (superlinear parsing, an error per token) exceeds the budget every time.
      for (let retry = 0; retry < 2 && problems.length > 0 && problems.every((p) => p.startsWith('CPU ')); retry++) {
        res = await runCase(c.root);
        problems = checkResult(res);
      }
      const usage = res.usage ? { cpu: (res.usage.userCPUTime + res.usage.systemCPUTime) / 1e6, rssMB: res.usage.maxRSS / 1024 } : undefined;
      const result = { seed, index, description: c.description, problems, code: res.code, usage, kept: keepFailures && problems.length ? c.root : undefined };
      results.push(result);
      onCase?.(result);
      if (!result.kept) removeCase(c);
    }
  };
  await Promise.all(Array.from({ length: jobs }, worker));
  return results.sort((a, b) => a.index - b.index);
}

