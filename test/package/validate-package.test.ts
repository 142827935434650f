// `model-plugin validate [--marketplace] <file.difypkg>`: a package built elsewhere is checked as the
// Marketplace checks a submission (reference §2.B): the archive (MK3-MK6, MK12), then its files with
// the folder rules. Hostile archives are written with Python's zipfile (no code shared with src/).
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { makePlugin, BASE_FILES } from '../helpers/fixture.js';
import { testPythons } from '../helpers/python.js';

const BIN = resolve(import.meta.dirname, '../../bin/model-plugin.js');
const work = mkdtempSync(join(tmpdir(), 'mp-validate-pkg-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(args: string[], cwd = work) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd, env });
}

/** Writes a zip with Python's zipfile: [name, text] entries in order; a name ending in / is a folder entry. */
function pyZip(file: string, entries: [string, string][]): string {
  const script = 'import sys, json, zipfile\nwith zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:\n    for n, t in json.loads(sys.argv[2]):\n        z.writestr(n, t)\n';
  execFileSync(testPythons()[0]!.python, ['-c', script, file, JSON.stringify(entries)]);
  return file;
}

const pluginEntries = (prefix = ''): [string, string][] => Object.entries(BASE_FILES).map(([n, t]) => [prefix + n, String(t)]);

const json = (r: ReturnType<typeof run>) => JSON.parse(r.stdout) as { plugins: { root: string; diagnostics: { ruleId: string; severity: string; message: string; file: string | null; line: number }[] }[] };

describe('validate <file.difypkg>', () => {
  it('a package from `model-plugin package` is clean; findings inside one name the package and the YAML position', () => {
    const clean = makePlugin();
    expect(run(['package', clean, '-o', join(work, 'clean.difypkg')]).status).toBe(0);
    const ok = run(['validate', 'clean.difypkg']);
    expect(ok.stdout).toMatch(/no problems/);
    expect(ok.status).toBe(0);
    expect(json(run(['validate', '--format', 'json', 'clean.difypkg'])).plugins[0]!.root).toBe(join(work, 'clean.difypkg'));

    const broken = pluginEntries().map(([n, t]): [string, string] => [n, n === 'manifest.yaml' ? t.replace(/^version: .*$/m, 'version: not-a-version') : t]);
    const pkg = pyZip(join(work, 'broken.difypkg'), broken);
    const r = run(['validate', '--format', 'json', pkg]);
    expect(r.status).toBe(1);
    const m1 = json(r).plugins[0]!.diagnostics.find((d) => d.ruleId === 'M1')!;
    expect(m1.file).toBe('manifest.yaml');
    expect(m1.line).toBe(broken.find(([n]) => n === 'manifest.yaml')![1].split('\n').findIndex((l) => l.startsWith('version:')) + 1);
    const text = run(['validate', pkg]);
    expect(text.stdout).toContain('broken.difypkg/manifest.yaml');
  });

  it('folder entries (zip -r without -D) are MK5, and the files are still checked', () => {
    const entries: [string, string][] = [['models/', ''], ...pluginEntries()];
    const pkg = pyZip(join(work, 'dirs.difypkg'), entries);
    const r = run(['validate', '--format', 'json', pkg]);
    expect(r.status).toBe(1);
    const ds = json(r).plugins[0]!.diagnostics;
    expect(ds.filter((d) => d.severity === 'error').map((d) => d.ruleId)).toEqual(['MK5']);
    expect(ds[0]!.message).toMatch(/1 folder entry \(models\/\)/);
  });

  it('a wrapper folder is one MK4 error naming it, and nothing else runs', () => {
    const pkg = pyZip(join(work, 'wrapped.difypkg'), pluginEntries('acme/'));
    const r = run(['validate', '--format', 'json', pkg]);
    expect(r.status).toBe(1);
    const ds = json(r).plugins[0]!.diagnostics;
    expect(ds.map((d) => d.ruleId)).toEqual(['MK4']);
    expect(ds[0]!.message).toMatch(/in acme\//);
  });

  it('an entry that climbs out with .. or is absolute is one MK3 error, nothing is unpacked outside', () => {
    for (const bad of ['../evil.txt', '/etc/evil.txt', 'models/../../evil.txt']) {
      const pkg = pyZip(join(work, 'slip.difypkg'), [...pluginEntries(), [bad, 'pwned']]);
      const r = run(['validate', '--format', 'json', pkg]);
      expect(r.status).toBe(1);
      const ds = json(r).plugins[0]!.diagnostics;
      expect(ds.map((d) => d.ruleId)).toEqual(['MK3']);
      expect(ds[0]!.message).toContain(JSON.stringify(bad));
      expect(existsSync(join(work, 'evil.txt'))).toBe(false);
      expect(existsSync(join(tmpdir(), 'evil.txt'))).toBe(false);
    }
  });

  it('a .difypkg that is not a zip is MK3; a zip not named .difypkg is MK6 and still checked', () => {
    writeFileSync(join(work, 'text.difypkg'), 'not a zip at all');
    const notZip = run(['validate', 'text.difypkg']);
    expect(notZip.status).toBe(1);
    expect(notZip.stdout).toMatch(/cannot be read as a zip.*MK3/s);
    const zip = pyZip(join(work, 'plain.zip'), pluginEntries());
    const r = run(['validate', '--format', 'json', zip]);
    expect(r.status).toBe(1);
    expect(json(r).plugins[0]!.diagnostics.map((d) => d.ruleId)).toEqual(['MK6']);
    expect(json(r).plugins[0]!.diagnostics[0]!.message).toMatch(/Rename it to plain\.difypkg/);
  });

  it('--marketplace runs the submission checks on the unpacked files; the temporary folder is removed', () => {
    const pkg = pyZip(join(work, 'secrets.difypkg'), [...pluginEntries(), ['.env', 'OPENAI_API_KEY=sk-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ\n']]);
    const before = readdirSync(tmpdir()).filter((n) => n.startsWith('model-plugin-difypkg-')).length;
    const r = run(['validate', '--marketplace', '--format', 'json', pkg]);
    expect(r.status).toBe(1);
    const ids = json(r).plugins[0]!.diagnostics.filter((d) => d.severity === 'error').map((d) => d.ruleId);
    expect(ids).toContain('MK9'); // .env in the package
    expect(json(r).plugins[0]!.diagnostics.find((d) => d.ruleId === 'MK9')!.file).toBe('.env');
    expect(readdirSync(tmpdir()).filter((n) => n.startsWith('model-plugin-difypkg-')).length).toBe(before);
  });

  it('a zip bomb (an entry that unpacks to 250 MiB) is one MK13 error, refused before it is unpacked', () => {
    const file = join(work, 'bomb.difypkg');
    const script = 'import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:\n    z.writestr("manifest.yaml", "version: 0.0.1\\n")\n    with z.open("big.bin", "w", force_zip64=False) as f:\n        for _ in range(250): f.write(bytes(1 << 20))\n';
    execFileSync(testPythons()[0]!.python, ['-c', script, file]);
    const r = run(['validate', '--format', 'json', file]);
    expect(r.status).toBe(1);
    const ds = json(r).plugins[0]!.diagnostics;
    expect(ds.map((d) => d.ruleId)).toEqual(['MK13']);
    expect(ds[0]!.message).toMatch(/not unpacked/);
  });

  it('--fix refuses a package (exit 2): it edits folders', () => {
    const pkg = pyZip(join(work, 'fixme.difypkg'), pluginEntries());
    const r = run(['validate', '--fix', pkg]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/is a package\. Fix the plugin folder/);
    renameSync(pkg, pkg + '.bak');
  });
});
