// `model-plugin setup` end to end with the real installers: uv (from PATH, or installed from PyPI
// into the tool's cache by setup itself, which is the feature) and pip, real packages from PyPI.
// The tool's cache (the uv binary, uv's and pip's package caches) lives in <repo>/.cache/model-plugin
// so a second run is quick; the timeouts below are hang guards for a cold cache on a busy machine.
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { materializePlugin } from '../helpers/corpus.js';
import { REPO, removeTemps, runCli, scaffold, tempDir } from '../invoke/run-cli.js';

const HANG_GUARD = 15 * 60_000;
const env = { MODEL_PLUGIN_CACHE_DIR: join(REPO, '.cache', 'model-plugin') };
const setup = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) => runCli(['setup', ...args], { env: { ...env, ...extraEnv } });

let scaffolded: string; // requirements.txt only
let corpus: string; // pyproject.toml + uv.lock

beforeAll(async () => {
  scaffolded = await scaffold('openai-compatible', ['llm', 'text-embedding'], 'acme');
  corpus = materializePlugin('openai_api_compatible', join(tempDir('mp-setup-'), 'openai_api_compatible'));
});

afterAll(removeTemps);

function installedSdk(root: string): string {
  return execFileSync(join(root, '.venv', 'bin', 'python'), ['-c', 'import importlib.metadata as m; print(m.version("dify_plugin"))'], { encoding: 'utf8' }).trim();
}

describe('model-plugin setup', () => {
  it(
    'builds .venv from requirements.txt with uv pip install, then skips the work while nothing changed',
    async () => {
      const r = await setup(['--dir', scaffolded]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toMatch(/Python 3\.12\.\d+ at .* for manifest\.yaml:\d+:\d+ \(meta\.runner\.version "3\.12"\)/);
      expect(r.stdout).toContain('uv pip install --prerelease=allow -r requirements.txt');
      expect(r.stdout).toMatch(/\.venv ready in .*dify_plugin \d+\.\d+/);
      expect(existsSync(join(scaffolded, '.venv', 'dify', 'plugin.json'))).toBe(true);
      const sdk = installedSdk(scaffolded);
      expect(Number(sdk.split('.')[1])).toBeGreaterThanOrEqual(9);
      expect(r.stdout).not.toMatch(/older than 0\.9\.0/);

      const again = await setup(['--dir', scaffolded]);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toContain('.venv is up to date');
      expect(again.stdout).not.toContain('Installing dependencies');

      // A changed requirements file is work again.
      appendFileSync(join(scaffolded, 'requirements.txt'), '# touched\n');
      const changed = await setup(['--dir', scaffolded]);
      expect(changed.code, changed.stderr).toBe(0);
      expect(changed.stdout).not.toContain('up to date');
      expect(changed.stdout).toContain('uv pip install');
    },
    HANG_GUARD,
  );

  it(
    'builds a pyproject.toml + uv.lock plugin of the corpus with uv sync --frozen, and invoke --mock then runs in its .venv',
    async () => {
      const lock = readFileSync(join(corpus, 'uv.lock'), 'utf8');
      const r = await setup(['--dir', corpus]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toContain('uv sync --no-dev --prerelease=allow --frozen (pyproject.toml + uv.lock)');
      expect(readFileSync(join(corpus, 'uv.lock'), 'utf8')).toBe(lock); // --frozen: the lock is used as it is
      const locked = /name = "dify-plugin"\nversion = "([^"]+)"/.exec(lock)![1];
      expect(installedSdk(corpus)).toBe(locked);

      // No --python: invoke uses the plugin's .venv.
      const inv = await runCli(['invoke', '--mock', '--format', 'json', '--dir', corpus]);
      expect(inv.code, inv.stdout + inv.stderr).toBe(0);
      const out = JSON.parse(inv.stdout) as { ok: boolean; results: { ok: boolean }[] };
      expect(out.ok).toBe(true);
      expect(out.results.length).toBeGreaterThan(5);
      expect(inv.stderr).toContain('(.venv)');

      // Three corpus plugins declare meta.runner.version "3.10" with requires-python ">=3.12": the
      // daemon builds with 3.12 whatever the manifest says, so setup follows uv's requires-python and warns.
      const manifest = join(corpus, 'manifest.yaml');
      writeFileSync(manifest, readFileSync(manifest, 'utf8').replace(/version: "3\.12"/, 'version: "3.10"'));
      const contradicted = await setup(['--dir', corpus]);
      expect(contradicted.code, contradicted.stdout + contradicted.stderr).toBe(0);
      expect(contradicted.stdout).toMatch(/manifest\.yaml:\d+:\d+ \(meta\.runner\.version "3\.10"\) contradicts pyproject\.toml:\d+ \(requires-python ">=3\.12"\)/);
      expect(contradicted.stdout).toMatch(/Python 3\.12\.\d+ at /);
    },
    HANG_GUARD,
  );

  it(
    'falls back to python -m venv + pip, holding pyproject.toml dependencies to the versions in uv.lock',
    async () => {
      const dir = materializePlugin('openai_api_compatible', join(tempDir('mp-setup-pip-'), 'openai_api_compatible'));
      const r = await setup(['--dir', dir, '--installer', 'pip']);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toContain('python -m venv + pip');
      expect(r.stdout).toContain('versions from uv.lock');
      const lock = readFileSync(join(dir, 'uv.lock'), 'utf8');
      expect(installedSdk(dir)).toBe(/name = "dify-plugin"\nversion = "([^"]+)"/.exec(lock)![1]);
      expect(existsSync(join(dir, '.venv', 'bin', 'pip'))).toBe(true);
    },
    HANG_GUARD,
  );

  it('exits 2 naming both versions when --python is not the version meta.runner.version asks for', async () => {
    const dir = await scaffold('openai-compatible', ['llm'], 'wrongpy');
    const python3 = execFileSync('python3', ['-c', 'import sys; print(sys.executable, "%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' }).trim().split(' ');
    const [exe, minor] = python3;
    const other = `3.${Number(minor.split('.')[1]) + 1}`;
    const manifest = join(dir, 'manifest.yaml');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('version: "3.12"', `version: "${other}"`));
    const r = await setup(['--dir', dir, '--python', exe]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--python ${exe} is Python ${minor}.`);
    expect(r.stderr).toMatch(new RegExp(`manifest\\.yaml:\\d+:\\d+ \\(meta\\.runner\\.version "${other.replace('.', '\\.')}"\\)`));
    expect(existsSync(join(dir, '.venv'))).toBe(false);
  });

  it('exits 2 saying which Python is needed and how to get it when none is found', async () => {
    const dir = await scaffold('openai-compatible', ['llm'], 'nopy');
    const empty = tempDir('mp-nopython-');
    const r = await setup(['--dir', dir], {
      PATH: dirname(process.execPath), // node only: no python3, no uv
      PYENV_ROOT: empty,
      UV_PYTHON_INSTALL_DIR: empty,
      MODEL_PLUGIN_CACHE_DIR: join(empty, 'cache'),
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no Python found for manifest\.yaml:\d+:\d+ \(meta\.runner\.version "3\.12"\); it needs Python 3\.12/);
    expect(r.stderr).toMatch(/uv python install 3\.12/);
    expect(r.stderr).toContain('--python <path to a Python 3.12>');
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });

  it('exits 2 when there is no manifest.yaml, and 1 when neither pyproject.toml nor requirements.txt exists', async () => {
    const empty = tempDir('mp-nomanifest-');
    const r = await setup(['--dir', empty]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`no manifest.yaml in ${empty}`);

    const dir = await scaffold('openai-compatible', ['llm'], 'nodeps');
    execFileSync('rm', [join(dir, 'requirements.txt')]);
    const r2 = await setup(['--dir', dir]);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toContain('neither pyproject.toml nor requirements.txt');
  });
});

describe('invoke without a .venv', () => {
  it('says to run model-plugin setup with the exact --dir, and never suggests pip', async () => {
    const dir = await scaffold('openai-compatible', ['llm'], 'novenv');
    const r = await runCli(['invoke', '--mock', '--dir', basename(dir)], { cwd: dirname(dir) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the plugin has no .venv');
    expect(r.stderr).toContain(`model-plugin setup --dir ${basename(dir)}`);
    expect(r.stderr).not.toMatch(/pip/);
  });
});
