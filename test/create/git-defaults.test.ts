// Defaults taken from git (issue 11 §4, issue 9): the author from `git config user.name` (made a
// valid name), the Marketplace contact from `git config user.email`, the source repository from the
// `origin` remote of the folder the plugin is created in, without any credentials the remote URL
// holds. Each test uses a git configuration of its own (GIT_CONFIG_GLOBAL), never the machine's.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoUrlFromRemote } from '../../src/create/answers.js';
import { CREATE_BIN, scratch } from './helpers.js';

function gitEnv(config: string): NodeJS.ProcessEnv {
  const home = scratch('git-home-');
  writeFileSync(join(home, 'gitconfig'), config);
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', HOME: home, GIT_CONFIG_GLOBAL: join(home, 'gitconfig'), GIT_CONFIG_NOSYSTEM: '1' };
  delete env.GIT_DIR;
  return env;
}

function create(args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, [CREATE_BIN, ...args, '--yes', '--no-lock'], { cwd, env, encoding: 'utf8' });
}

function git(args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const r = spawnSync('git', args, { cwd, env, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
}

function allText(dir: string): string {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((e) => e.isFile() && !join(e.parentPath, e.name).includes('/.git/'))
    .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'))
    .join('\n');
}

describe('defaults from git', () => {
  it('author from user.name (made a valid name), contact from user.email', () => {
    const env = gitEnv('[user]\n\tname = Jöhn O\'Doe\n\temail = john@example.org\n');
    const cwd = scratch();
    const r = create(['p'], cwd, env);
    expect(r.status, r.stderr).toBe(0);
    const manifest = parse(readFileSync(join(cwd, 'p/manifest.yaml'), 'utf8'));
    expect(manifest.author).toBe('john-o-doe');
    expect(manifest.contact).toBe('john@example.org');
    expect(manifest.repo).toBeUndefined(); // not in a git repository
  });

  it('an address the Marketplace would refuse is not used', () => {
    const env = gitEnv('[user]\n\tname = acme\n\temail = root@localhost\n');
    const cwd = scratch();
    expect(create(['p'], cwd, env).status).toBe(0);
    expect(parse(readFileSync(join(cwd, 'p/manifest.yaml'), 'utf8')).contact).toBeUndefined();
  });

  it('flags win over git', () => {
    const env = gitEnv('[user]\n\tname = Jane\n\temail = jane@example.org\n');
    const cwd = scratch();
    expect(create(['p', '--author', 'acme', '--contact', 'team@acme.example'], cwd, env).status).toBe(0);
    expect(parse(readFileSync(join(cwd, 'p/manifest.yaml'), 'utf8'))).toMatchObject({ author: 'acme', contact: 'team@acme.example' });
  });

  it('`create-model-plugin .` in a fresh clone: the origin becomes repo and the README link, without the token', () => {
    const env = gitEnv('[user]\n\tname = Jane\n\temail = jane@example.org\n');
    const clone = join(scratch(), 'weather');
    mkdirSync(clone);
    git(['init', '-q'], clone, env);
    git(['remote', 'add', 'origin', 'https://jane:ghp_SECRETtoken123@github.com/jane/weather.git'], clone, env);
    const r = create(['.'], clone, env); // a folder holding only .git counts as empty
    expect(r.status, r.stderr).toBe(0);
    const manifest = parse(readFileSync(join(clone, 'manifest.yaml'), 'utf8'));
    expect(manifest).toMatchObject({ name: 'weather', author: 'jane', repo: 'https://github.com/jane/weather', contact: 'jane@example.org' });
    expect(readFileSync(join(clone, 'README.md'), 'utf8')).toContain('https://github.com/jane/weather');
    expect(allText(clone) + r.stdout + r.stderr).not.toContain('SECRET');
  });

  it('an origin on a host the Marketplace does not accept is left out', () => {
    const env = gitEnv('');
    const clone = join(scratch(), 'w');
    mkdirSync(clone);
    git(['init', '-q'], clone, env);
    git(['remote', 'add', 'origin', 'https://git.example.com/jane/w.git'], clone, env);
    expect(create(['.', '--author', 'acme'], clone, env).status).toBe(0);
    expect(parse(readFileSync(join(clone, 'manifest.yaml'), 'utf8')).repo).toBeUndefined();
  });
});

describe('--repo and --contact', () => {
  it.each([
    [['--repo', 'https://example.com/acme/x'], /--repo: .*not a repository URL the Marketplace accepts.*github.com/],
    [['--repo', 'github.com/acme/x'], /--repo: /],
    [['--contact', 'acme'], /--contact: "acme" is not an e-mail address/],
  ])('%j is a usage error, nothing written', (args, message) => {
    const cwd = scratch();
    const r = create(['p', '--author', 'acme', ...args], cwd, gitEnv(''));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe('repoUrlFromRemote', () => {
  it.each([
    ['git@github.com:acme/x.git', 'https://github.com/acme/x'],
    ['ssh://git@gitlab.com/group/sub/x.git', 'https://gitlab.com/group/sub/x'],
    ['https://user:token@codeberg.org/acme/x.git/', 'https://codeberg.org/acme/x'],
    ['https://github.com/acme/x', 'https://github.com/acme/x'],
    ['https://git.example.com/acme/x.git', undefined],
    ['/srv/git/x.git', undefined],
    ['', undefined],
  ])('%j → %j', (remote, url) => {
    expect(repoUrlFromRemote(remote)).toBe(url);
  });
});
