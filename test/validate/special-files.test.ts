// Issue 12 §1, §2, §5: FIFOs, devices, sockets and unreadable files or folders inside a plugin.
// Each is one F10 diagnostic at that path; nothing blocks, nothing is read without bound, and the
// other plugins of the run are still reported. (The timeout only turns a hang into a failure.)
import { describe, expect, it } from 'vitest';
import { spawnSync, execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, unlinkSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { makePlugin } from '../helpers/fixture.js';

const BIN = resolve(import.meta.dirname, '../../bin/model-plugin.js');

interface Json {
  plugins: { root: string; diagnostics: { ruleId: string; file: string | null; severity: string; message: string }[] }[];
}

function validate(paths: string[], asUser?: number) {
  const argv = [BIN, 'validate', ...paths, '--format', 'json'];
  const r =
    asUser === undefined
      ? spawnSync(process.execPath, argv, { encoding: 'utf8', timeout: 30_000 })
      : spawnSync('setpriv', [`--reuid=${asUser}`, `--regid=${asUser}`, '--clear-groups', process.execPath, ...argv], { encoding: 'utf8', timeout: 30_000 });
  expect(r.error).toBeUndefined(); // a timeout (a hang) fails here
  expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?/);
  expect(r.stderr).not.toMatch(/internal error/);
  return { status: r.status, json: JSON.parse(r.stdout) as Json };
}

function mkfifo(path: string): void {
  execFileSync('mkfifo', [path]);
}

const f10 = (json: Json, i = 0) => json.plugins[i].diagnostics.filter((d) => d.ruleId === 'F11');

describe('special files in a plugin (F11)', () => {
  for (const file of ['provider/acme.yaml', 'models/llm/_position.yaml', '.difyignore', 'provider/acme.py', 'models/llm/llm.py', 'models/llm/extra.yaml']) {
    it(`a FIFO as ${file} is reported, not opened for a blocking read`, () => {
      const root = makePlugin({ files: { '.difyignore': '*.tmp\n' } });
      if (existsSync(join(root, file))) unlinkSync(join(root, file));
      mkfifo(join(root, file));
      const { status, json } = validate([root]);
      expect(status).toBe(1);
      expect(f10(json)).toEqual([expect.objectContaining({ file, severity: 'error', message: expect.stringMatching(/is a FIFO \(named pipe\), not a regular file/) })]);
    });
  }

  it('a symlink to a FIFO inside the plugin is reported at the link', () => {
    const root = makePlugin();
    mkfifo(join(root, 'pipe'));
    unlinkSync(join(root, 'models/llm/_position.yaml'));
    execFileSync('ln', ['-s', '../../pipe', join(root, 'models/llm/_position.yaml')]);
    const { json } = validate([root]);
    expect(f10(json).map((d) => d.file)).toEqual(['models/llm/_position.yaml', 'pipe']);
  });

  it('a character device (like /dev/zero) as the provider YAML is not read', () => {
    const root = makePlugin();
    unlinkSync(join(root, 'provider/acme.yaml'));
    let made = true;
    try {
      execFileSync('mknod', [join(root, 'provider/acme.yaml'), 'c', '1', '5']);
    } catch {
      made = false; // not allowed here (no CAP_MKNOD): a symlink to /dev/zero is refused anyway as leaving the root
    }
    if (!made) return;
    const { status, json } = validate([root]);
    expect(status).toBe(1);
    expect(f10(json)).toEqual([expect.objectContaining({ file: 'provider/acme.yaml', message: expect.stringMatching(/is a character device, not a regular file/) })]);
  });

  it('a socket as a model YAML is reported, and the other plugin of the run still is', async () => {
    const good = makePlugin();
    const root = makePlugin();
    const dir = mkdtempSync(join(tmpdir(), 'mp-sock-'));
    cpSync(good, join(dir, 'a'), { recursive: true });
    cpSync(root, join(dir, 'b'), { recursive: true });
    const server = createServer();
    await new Promise<void>((r) => server.listen(join(dir, 'b', 'models/llm/sock.yaml'), r));
    try {
      const { status, json } = validate([dir]);
      expect(status).toBe(1);
      expect(json.plugins).toHaveLength(2);
      expect(f10(json, 0)).toEqual([]);
      expect(f10(json, 1)).toEqual([expect.objectContaining({ file: 'models/llm/sock.yaml', message: expect.stringMatching(/is a socket/) })]);
    } finally {
      server.close();
    }
  });
});

describe('unreadable files and folders (permission denied)', () => {
  // As root every file is readable: run the CLI as "nobody" (setpriv) to see EACCES for real.
  const asUser = process.getuid?.() === 0 ? 65534 : undefined;
  const prepare = (root: string) => {
    // The plugin (and its temp parent) must be reachable by the user the CLI runs as.
    chmodSync(resolve(root, '..'), 0o755);
    execFileSync('chmod', ['-R', 'a+rX', root]);
  };

  it('an unreadable model YAML is F11 on that file, and a second plugin is still reported', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mp-eacces-'));
    cpSync(makePlugin(), join(dir, 'a'), { recursive: true });
    cpSync(makePlugin({ files: { 'models/llm/secret.yaml': 'model: x\n' } }), join(dir, 'b'), { recursive: true });
    prepare(dir);
    chmodSync(join(dir, 'b/models/llm/secret.yaml'), 0o000);
    const { status, json } = validate([dir], asUser);
    expect(status).toBe(1);
    expect(json.plugins).toHaveLength(2);
    expect(f10(json, 0)).toEqual([]);
    expect(f10(json, 1)).toEqual([expect.objectContaining({ file: 'models/llm/secret.yaml', message: expect.stringMatching(/cannot be read \(permission denied\)/) })]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('an unreadable manifest is F11, not a crash', () => {
    const root = makePlugin();
    prepare(root);
    chmodSync(join(root, 'manifest.yaml'), 0o000);
    const { status, json } = validate([root], asUser);
    expect(status).toBe(1);
    expect(f10(json)).toEqual([expect.objectContaining({ file: 'manifest.yaml' })]);
  });

  it('an unreadable folder holding the provider YAML "cannot be read", it is not "missing"', () => {
    const root = makePlugin();
    prepare(root);
    chmodSync(join(root, 'provider'), 0o000);
    const { status, json } = validate([root], asUser);
    expect(status).toBe(1);
    const all = json.plugins[0].diagnostics;
    expect(all.some((d) => /provider\/acme\.yaml.*does not exist/.test(d.message))).toBe(false);
    expect(all).toContainEqual(expect.objectContaining({ ruleId: 'F9', message: expect.stringMatching(/provider\/acme\.yaml" cannot be read/) }));
    expect(f10(json)).toEqual([expect.objectContaining({ file: 'provider', message: expect.stringMatching(/folder that cannot be read/) })]);
    chmodSync(join(root, 'provider'), 0o755);
  });
});
