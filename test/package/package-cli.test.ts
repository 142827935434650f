// `model-plugin package` and `model-plugin checksum` as users run them: output, exit codes, refusals,
// atomic/no-overwrite writing, uv generation, and hostile inputs.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { makePlugin, BASE_FILES } from '../helpers/fixture.js';
import { testPythons } from '../helpers/python.js';
import { testUv } from '../helpers/uv.js';
import { zipFacts } from './independent.js';

const BIN = resolve(import.meta.dirname, '../../bin/model-plugin.js');

function run(args: string[], opts: { cwd?: string; env?: Record<string, string | undefined> } = {}) {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...opts.env };
  delete env.FORCE_COLOR;
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: opts.cwd, env: env as NodeJS.ProcessEnv, maxBuffer: 64 * 1024 * 1024 });
}

const defaultOut = (root: string) => join(dirname(root), 'acme-0.0.1.difypkg');

describe('model-plugin package', () => {
  it('writes <name>-<version>.difypkg beside the plugin and lists files, sizes, totals, output and checksum', () => {
    const root = makePlugin();
    const r = run(['package', root]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(existsSync(defaultOut(root))).toBe(true);
    expect(readdirSync(root)).not.toContain('acme-0.0.1.difypkg');
    expect(r.stdout).toMatch(/^package: acme@0\.0\.1$/m);
    expect(r.stdout).toMatch(/^\s+\d+B\s+manifest\.yaml$/m);
    expect(r.stdout).toMatch(new RegExp(`^Files:\\s+${Object.keys(BASE_FILES).length}$`, 'm'));
    expect(r.stdout).toMatch(/^Unpacked:\s+\S+$/m);
    expect(r.stdout).toMatch(/^Packed:\s+\S+$/m);
    expect(r.stdout).toMatch(/^Output:\s+.*acme-0\.0\.1\.difypkg$/m);
    const checksum = /^Checksum:\s+([0-9a-f]{64})$/m.exec(r.stdout)![1];
    const facts = zipFacts(testPythons()[0].python, [defaultOut(root)])[defaultOut(root)];
    expect(facts.checksum).toBe(checksum);
    // No uv involved: the fixture has requirements.txt. The folder checksum equals the package's.
    const c = run(['checksum', root]);
    expect(c.status).toBe(0);
    expect(c.stdout.trim()).toBe(checksum);
  });

  it('a Python source that does not parse stops it (X8, like every validation error); nothing written', () => {
    const root = makePlugin({ files: { 'models/llm/llm.py': BASE_FILES['models/llm/llm.py'] + '\nNAME = [1, 2\n' } });
    const r = run(['package', root]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/models\/llm\/llm\.py/);
    expect(r.stderr).toMatch(/X8/);
    expect(r.stderr).toMatch(/package: nothing written/);
    expect(existsSync(defaultOut(root))).toBe(false);
  });

  it('never overwrites without --force; --force replaces', () => {
    const root = makePlugin();
    expect(run(['package', root]).status).toBe(0);
    writeFileSync(defaultOut(root), 'keep me');
    const again = run(['package', root]);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already exists; nothing written\. Pass --force/);
    expect(readFileSync(defaultOut(root), 'utf8')).toBe('keep me');
    const forced = run(['package', root, '--force']);
    expect(forced.status).toBe(0);
    expect(readFileSync(defaultOut(root)).subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
    expect(readdirSync(dirname(root)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('--dry-run lists and writes nothing; -o chooses the file', () => {
    const root = makePlugin();
    const dry = run(['package', root, '--dry-run']);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toMatch(/dry run: nothing written/);
    expect(existsSync(defaultOut(root))).toBe(false);
    const out = join(dirname(root), 'custom.difypkg');
    expect(run(['package', root, '-o', out]).status).toBe(0);
    expect(existsSync(out)).toBe(true);
  });

  it('validates first: errors stop it with the usual report, exit 1, nothing written', () => {
    const root = makePlugin({ files: { 'manifest.yaml': BASE_FILES['manifest.yaml'].replace('version: 0.0.1\n', 'version: 1.0\n') } });
    const r = run(['package', root]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/manifest\.yaml/);
    expect(r.stderr).toMatch(/nothing written/);
    expect(readdirSync(dirname(root))).toEqual(['plugin']);
  });

  it('usage errors exit 2: not a plugin folder, bad --max-size', () => {
    const root = makePlugin();
    expect(run(['package', join(root, 'models')]).status).toBe(2);
    expect(run(['package', root, '--max-size', 'ten']).status).toBe(2);
  });

  it('packages the same bytes twice (zero timestamps, no permissions)', () => {
    const root = makePlugin();
    const a = join(dirname(root), 'a.difypkg');
    const b = join(dirname(root), 'b.difypkg');
    expect(run(['package', root, '-o', a]).status).toBe(0);
    expect(run(['package', root, '-o', b]).status).toBe(0);
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
  });
});

describe('package safety: refuses what must never ship, naming the file', () => {
  it('.env beside a .difyignore that does not list it: exit 1; --allow-unsafe-files lets it in', () => {
    const root = makePlugin({ files: { '.difyignore': '__pycache__/\n', '.env': 'OPENAI_API_KEY=sk-live\n' } });
    const r = run(['package', root]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/blocked file: \.env/);
    expect(r.stderr).toMatch(/--allow-unsafe-files/);
    expect(existsSync(defaultOut(root))).toBe(false);
    const allowed = run(['package', root, '--allow-unsafe-files']);
    expect(allowed.status).toBe(0);
    expect(allowed.stderr).toMatch(/warning .*\.env/);
  });

  it('.env listed in .difyignore packages fine', () => {
    const root = makePlugin({ files: { '.difyignore': '.env\n', '.env': 'A=1\n' } });
    expect(run(['package', root]).status).toBe(0);
  });

  it('.git/ and .venv/ without an ignore file are refused as blocked folders', () => {
    const root = makePlugin({ files: { '.git/config': '[core]\n', '.venv/pyvenv.cfg': 'home = /usr\n' } });
    const r = run(['package', root]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/blocked directory: \.git\//);
    expect(r.stderr).toMatch(/blocked directory: \.venv\//);
  });

  it('refuses a native binary by its magic bytes', () => {
    const root = makePlugin({ files: { 'tools/helper': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]) } });
    const r = run(['package', root]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/tools\/helper: starts like an ELF executable/);
  });

  it('refuses a vendor token, without printing it', () => {
    const token = 'sk-' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4';
    const root = makePlugin({ files: { 'config/settings.yaml': `openai: ${token}\n` } });
    const r = run(['package', root]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/config\/settings\.yaml:1 matched OpenAI-style API key: sk-A\.\.\.M3n4/);
    expect(r.stdout + r.stderr).not.toContain(token);
  });
});

describe('package: hostile inputs', () => {
  it('a symlink loop: exit 1 naming the link, no hang', () => {
    const root = makePlugin();
    symlinkSync('loop-b', join(root, 'loop-a'));
    symlinkSync('loop-a', join(root, 'loop-b'));
    const r = run(['package', root]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/loop-a is a symlink loop/);
  });

  it('a 60 MiB file: refused by the 50 MiB default naming it; --max-size 100 packs it', () => {
    const root = makePlugin({ files: { 'data/big.bin': Buffer.alloc(60 * 1024 * 1024, 1) } });
    const r = run(['package', root]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/more than --max-size 50 MiB/);
    expect(r.stderr).toMatch(/Largest: data\/big\.bin \(62\.9MB\)/);
    const big = run(['package', root, '--max-size', '100']);
    expect(big.status).toBe(0);
  });

  it('6,000 files: refused over the 5,000-file cap', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 6000; i++) files[`data/${Math.floor(i / 500)}/f${i}.txt`] = 'x';
    const root = makePlugin({ files });
    const r = run(['package', root]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`too many files: ${6000 + Object.keys(BASE_FILES).length} \\(the Marketplace accepts at most 5000\\)`));
  });

  it('a dangling symlink is a validate error (F7): exit 1, nothing written', () => {
    const root = makePlugin();
    symlinkSync('nowhere.txt', join(root, 'dangling'));
    const r = run(['package', root]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/dangling is a symlink to nothing.*F7/);
    expect(r.stderr).toMatch(/nothing written/);
    expect(readdirSync(root).filter((f) => f.endsWith('.difypkg'))).toEqual([]);
  });

  it('a symlink to a folder: exit 1 naming it (the packager fails reading it)', () => {
    const root = makePlugin();
    symlinkSync('models', join(root, 'models-link'));
    const r = run(['package', root]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/models-link is a symlink to a folder/);
  });
});

describe('package: requirements.txt generated by uv export (§4.4)', () => {
  const PYPROJECT = '[project]\nname = "acme"\nversion = "0.0.1"\nrequires-python = ">=3.11"\ndependencies = []\n\n[dependency-groups]\ndev = []\n';
  function uvPlugin(extra: Record<string, string> = {}) {
    const remove = 'requirements.txt' in extra ? [] : ['requirements.txt'];
    return makePlugin({ remove, files: { 'pyproject.toml': PYPROJECT, ...extra } });
  }

  it('without uv: exit 2 saying how to get it', () => {
    const root = uvPlugin({ 'uv.lock': 'version = 1\n' });
    const cache = mkdtempSync(join(tmpdir(), 'mp-no-uv-cache-'));
    const r = run(['package', root], { env: { PATH: dirname(process.execPath), UV_PATH: undefined, MODEL_PLUGIN_CACHE_DIR: cache } });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/model-plugin setup/);
    expect(r.stderr).toMatch(/uv was not found/);
    expect(r.stderr).toMatch(/pip install uv/);
  });

  it('with uv: generates requirements.txt from uv.lock with the daemon\'s flags', () => {
    const uv = testUv();
    const root = uvPlugin();
    // A real lock for an empty project, made offline.
    const lock = spawnSync(uv, ['lock', '--offline'], { cwd: root, encoding: 'utf8' });
    expect(lock.status, lock.stderr).toBe(0);
    const r = run(['package', root], { env: { UV_PATH: uv } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/requirements\.txt\s+\(generated by uv export\)/);
    const facts = zipFacts(testPythons()[0].python, [defaultOut(root)])[defaultOut(root)];
    expect(facts.names).toContain('requirements.txt');
    expect(facts.names).toContain('uv.lock');
  });

  it('[observed] an ignored requirements.txt still suppresses generation: the package has none', () => {
    const root = uvPlugin({ 'uv.lock': 'version = 1\n', 'requirements.txt': 'dify_plugin>=0.9.0,<0.11.0\n', '.difyignore': 'requirements.txt\n' });
    const r = run(['package', root, '--dry-run'], { env: { PATH: dirname(process.execPath), UV_PATH: undefined } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\s+\S+B\s+pyproject\.toml$/m);
    expect(r.stdout).not.toMatch(/^\s+\S+B\s+requirements\.txt/m);
  });
});

describe('model-plugin checksum', () => {
  it('refuses a zip with folder entries (MK5) and a non-zip', () => {
    const root = makePlugin();
    const zip = join(dirname(root), 'dirs.zip');
    spawnSync(testPythons()[0].python, ['-c', `import zipfile; z=zipfile.ZipFile(${JSON.stringify(zip)}, 'w'); z.writestr('models/', ''); z.writestr('models/a.yaml', 'x'); z.close()`]);
    const r = run(['checksum', zip]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/folder entries \(models\/\)/);
    const bad = join(dirname(root), 'bad.difypkg');
    writeFileSync(bad, 'not a zip');
    expect(run(['checksum', bad]).status).toBe(1);
    expect(run(['checksum', join(root, 'nope')]).status).toBe(2);
  });

  it('equals the independent computation on a stored-method zip made by Python', () => {
    const root = makePlugin();
    const zip = join(dirname(root), 'py.zip');
    mkdirSync(dirname(zip), { recursive: true });
    spawnSync(testPythons()[0].python, ['-c', `import zipfile; z=zipfile.ZipFile(${JSON.stringify(zip)}, 'w'); z.writestr('b.txt', 'bee'); z.writestr('A.txt', 'ay'); z.close()`]);
    const facts = zipFacts(testPythons()[0].python, [zip])[zip];
    const r = run(['checksum', zip]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(facts.checksum);
  });
});
