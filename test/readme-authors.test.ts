// The README's "For plugin authors" section, followed literally: the tarball `npm pack` makes,
// copied into an empty folder, and there every line of the section's tarball block, as typed.
// `npm install -g` goes to a prefix of the test's own (npm_config_prefix), whose bin/ is on PATH,
// so nothing outside the temporary folders changes. It must end with a plugin that validates,
// is set up, answers `invoke --mock` and is packaged.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '..');
const HANG_GUARD_MS = 40 * 60_000;

/** The `sh` blocks of the "For plugin authors" section. */
function authorBlocks(): string[] {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const section = /^## For plugin authors\n([\s\S]*?)^## /m.exec(readme)?.[1] ?? '';
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

function sh(line: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ status: number | null; out: string; cwd: string }> {
  // Each line in one shell that reports the folder it ends in, so `cd` carries over as for a user.
  return new Promise((done, reject) => {
    const child = spawn('sh', ['-c', `${line}\nstatus=$?; pwd >&3; exit $status`], { cwd, env, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
    let out = '';
    let dir = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (d) => (dir += d));
    child.on('error', reject);
    child.on('close', (status) => done({ status, out, cwd: dir.trim() || cwd }));
  });
}

describe('README: For plugin authors', () => {
  it('from a tarball in an empty folder to a plugin that validates, invokes against the mock and packages', async () => {
    const blocks = authorBlocks();
    const tarballBlock = blocks.find((b) => /npm install -g \.\/create-model-plugin-/.test(b));
    expect(tarballBlock, 'the section has the tarball block').toBeDefined();

    const work = mkdtempSync(join(tmpdir(), 'mp-readme-'));
    const prefix = join(work, 'npm-prefix');
    const folder = join(work, 'empty');
    mkdirSync(folder);
    const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', folder], { cwd: REPO, encoding: 'utf8' });
    expect(pack.status, pack.stderr).toBe(0);
    const [{ filename }] = JSON.parse(pack.stdout) as { filename: string }[];
    // The README names the tarball of this version.
    expect(tarballBlock).toContain(`./${filename}`);

    const env = {
      ...process.env,
      npm_config_prefix: prefix,
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
      PATH: [join(prefix, 'bin'), process.env.PATH].join(delimiter),
      NO_COLOR: '1',
    };
    let cwd = folder;
    for (const line of tarballBlock!.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))) {
      const r = await sh(line, cwd, env);
      expect(r.status, `${line}\n${r.out}`).toBe(0);
      cwd = r.cwd;
    }
    expect(existsSync(join(cwd, 'manifest.yaml'))).toBe(true);
    // package writes <name>-<version>.difypkg beside the plugin folder, not inside it.
    expect(readdirSync(dirname(cwd)).filter((f) => f.endsWith('.difypkg'))).toEqual(['my-plugin-0.0.1.difypkg']);
  }, HANG_GUARD_MS);
});
