// One test per ignore-semantics case of the reference (marketplace-and-package.md §4.3; every
// [observed] line is here), on the file set `model-plugin package` stores. Each case also checks
// that the independent reading in independent.ts agrees, where it covers the case.
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { collectPackageFiles } from '../../src/plugin/package-files.js';
import { expectedFiles } from './independent.js';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'mp-ignore-'));
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    if (rel.endsWith('/')) continue;
    writeFileSync(join(root, rel), content);
  }
  return root;
}

function stored(root: string): string[] {
  const set = collectPackageFiles(root);
  expect(set.problems).toEqual([]);
  return set.files.map((f) => f.path);
}

/** Stored paths, checked against the independent reading too. */
function storedBoth(root: string): string[] {
  const got = stored(root);
  expect(got).toEqual(expectedFiles(root));
  return got;
}

describe('package contents: .difyignore / .gitignore semantics (§4.3)', () => {
  it('[observed] uses .difyignore when it exists, even empty, and then ignores .gitignore', () => {
    const root = tree({ '.difyignore': '', '.gitignore': '*.log\n', 'a.log': 'x', 'main.py': '' });
    expect(storedBoth(root)).toEqual(['.difyignore', '.gitignore', 'a.log', 'main.py']);
  });

  it('[observed] falls back to .gitignore when there is no .difyignore', () => {
    const root = tree({ '.gitignore': '*.log\n', 'a.log': 'x', 'main.py': '' });
    expect(storedBoth(root)).toEqual(['.gitignore', 'main.py']);
  });

  it('[observed] reads no nested ignore file (a sub-folder .difyignore excludes nothing)', () => {
    const root = tree({ 'sub/.difyignore': '*.txt\n', 'sub/a.txt': 'x' });
    expect(storedBoth(root)).toEqual(['sub/.difyignore', 'sub/a.txt']);
  });

  it('[observed] excludes nothing by default: without an ignore file .git/, .venv/, .env, __pycache__/ and old packages are stored', () => {
    const root = tree({ '.git/config': '[core]\n', '.venv/pyvenv.cfg': 'x', '.env': 'A=1\n', '__pycache__/m.cpython-312.pyc': 'x', 'old.difypkg': 'x', 'main.py': '' });
    expect(storedBoth(root)).toEqual(['.env', '.git/config', '.venv/pyvenv.cfg', '__pycache__/m.cpython-312.pyc', 'main.py', 'old.difypkg']);
  });

  it('stores the ignore file itself unless it lists itself', () => {
    expect(storedBoth(tree({ '.difyignore': 'x\n', 'a': '' }))).toEqual(['.difyignore', 'a']);
    expect(storedBoth(tree({ '.difyignore': '.difyignore\n', 'a': '' }))).toEqual(['a']);
  });

  it('trims each line (leading and trailing spaces and tabs)', () => {
    const root = tree({ '.difyignore': '   *.log  \n\t*.tmp\t\r\n', 'a.log': '', 'b.tmp': '', 'c.txt': '' });
    expect(storedBoth(root)).toEqual(['.difyignore', 'c.txt']);
  });

  it('skips blank lines and # comments', () => {
    const root = tree({ '.difyignore': '\n# a.txt\n   # b.txt\n', 'a.txt': '', 'b.txt': '' });
    expect(storedBoth(root)).toEqual(['.difyignore', 'a.txt', 'b.txt']);
  });

  it('[observed] treats \\#x as a pattern matching a file named #x', () => {
    const root = tree({ '.difyignore': '\\#x\n', '#x': '', 'x': '' });
    expect(storedBoth(root)).toEqual(['.difyignore', 'x']);
  });

  it('matches a name pattern (no "/") against every path segment, at any depth', () => {
    const root = tree({ '.difyignore': '*.pyc\ntmp\n', 'a.pyc': '', 'd/e/b.pyc': '', 'x/tmp/f.py': '', 'tmp': '', 'keep.py': '' });
    expect(storedBoth(root)).toEqual(['.difyignore', 'keep.py']);
  });

  it('[observed] "lib/" drops every folder named lib anywhere, but not a file named lib', () => {
    const root = tree({ '.difyignore': 'lib/\n', 'lib/a.py': '', 'src/lib/b.py': '', 'src/lib.py': '', 'other/lib': 'a file' });
    expect(storedBoth(root)).toEqual(['.difyignore', 'other/lib', 'src/lib.py']);
  });

  it('anchors a path pattern (with "/") at the root, segment by segment; a leading "/" changes nothing', () => {
    const root = tree({ '.difyignore': 'docs/*.md\n/build\n', 'docs/a.md': '', 'docs/sub/b.md': '', 'sub/docs/c.md': '', 'build/x': '', 'sub/build/y': '' });
    // "*" does not cross "/": docs/sub/b.md stays.
    expect(storedBoth(root)).toEqual(['.difyignore', 'docs/sub/b.md', 'sub/build/y', 'sub/docs/c.md']);
  });

  it('excludes everything below a matched path (prefix semantics)', () => {
    const root = tree({ '.difyignore': 'a/b\n', 'a/b/c/d.txt': '', 'a/bc.txt': '', 'x/a/b': '' });
    expect(storedBoth(root)).toEqual(['.difyignore', 'a/bc.txt', 'x/a/b']);
  });

  it('"**/" at the start matches at any depth', () => {
    const root = tree({ '.difyignore': '**/x.txt\n', 'x.txt': '', 'a/x.txt': '', 'a/b/x.txt': '', 'a/y.txt': '' });
    expect(storedBoth(root)).toEqual(['.difyignore', 'a/y.txt']);
  });

  it('"a/**/b" matches zero or more folders between a and b', () => {
    const root = tree({ '.difyignore': 'a/**/b\n', 'a/b': '', 'a/x/b': '', 'a/x/y/b': '', 'a/c': '', 'z/a/b': '' });
    expect(storedBoth(root)).toEqual(['.difyignore', 'a/c', 'z/a/b']);
  });

  it('a trailing "/**" matches everything below', () => {
    const root = tree({ '.difyignore': 'data/**\n', 'data/a': '', 'data/b/c': '', 'datum': '' });
    expect(storedBoth(root)).toEqual(['.difyignore', 'datum']);
  });

  it('"**" inside a segment ("foo**") never matches', () => {
    const root = tree({ '.difyignore': 'x/foo**\n', 'x/foo': '', 'x/foobar': '' });
    expect(stored(root)).toEqual(['.difyignore', 'x/foo', 'x/foobar']);
  });

  it('[observed] uses Go filepath.Match classes: "[!m]ain.py" holds "!" and "m", so it excludes main.py', () => {
    const root = tree({ '.difyignore': '[!m]ain.py\n', 'main.py': '', 'rain.py': '', '!ain.py': '' });
    expect(storedBoth(root)).toEqual(['.difyignore', 'rain.py']);
  });

  it('"[^m]" is the negated class in Go globs', () => {
    const root = tree({ '.difyignore': '[^m]ain.py\n', 'main.py': '', 'rain.py': '' });
    expect(storedBoth(root)).toEqual(['.difyignore', 'main.py']);
  });

  it('"?" matches one character, "*" never crosses "/"', () => {
    const root = tree({ '.difyignore': 'a?.txt\nd/*\n', 'ab.txt': '', 'abc.txt': '', 'd/e/f': '', 'e/d/g': '' });
    expect(storedBoth(root)).toEqual(['.difyignore', 'abc.txt', 'e/d/g']);
  });

  it('[observed] matches case-sensitively: MAIN.PY does not exclude main.py', () => {
    const root = tree({ '.difyignore': 'MAIN.PY\n', 'main.py': '' });
    expect(storedBoth(root)).toEqual(['.difyignore', 'main.py']);
  });

  it('[observed] negations never re-include: "!lib/a.py" after "lib/", and "keepme/*" + "!keepme/k.txt"', () => {
    const root = tree({ '.difyignore': 'lib/\n!lib/a.py\nkeepme/*\n!keepme/k.txt\n', 'lib/a.py': '', 'keepme/k.txt': '', 'main.py': '' });
    expect(storedBoth(root)).toEqual(['.difyignore', 'main.py']);
  });

  it('pattern order is irrelevant (a negation first changes nothing)', () => {
    const root = tree({ '.difyignore': '!a.log\n*.log\n', 'a.log': '', 'b': '' });
    expect(storedBoth(root)).toEqual(['.difyignore', 'b']);
  });

  it('never stores folders: an empty folder vanishes', () => {
    const root = tree({ 'empty/': '', 'full/a': '' });
    expect(storedBoth(root)).toEqual(['full/a']);
  });

  it('sorts entry names byte-wise (uppercase, then "_", then lowercase)', () => {
    const root = tree({ 'main.py': '', '_assets/i.svg': '', 'README.md': '', '.env.example': '', 'PRIVACY.md': '' });
    expect(storedBoth(root)).toEqual(['.env.example', 'PRIVACY.md', 'README.md', '_assets/i.svg', 'main.py']);
  });

  it('[observed] stores a symlink to a file as a regular file with the target\'s content', () => {
    const root = tree({ 'real.txt': 'content' });
    symlinkSync('real.txt', join(root, 'link.txt'));
    const set = collectPackageFiles(root);
    expect(set.problems).toEqual([]);
    const link = set.files.find((f) => f.path === 'link.txt')!;
    expect(link.symlink).toBe(true);
    expect(link.size).toBe(7);
    expect(set.files.map((f) => f.path)).toEqual(['link.txt', 'real.txt']);
  });

  it('[observed] refuses a symlink to a folder, naming the link', () => {
    const root = tree({ 'dir/a': '' });
    symlinkSync('dir', join(root, 'dirlink'));
    const set = collectPackageFiles(root);
    expect(set.problems).toHaveLength(1);
    expect(set.problems[0].path).toBe('dirlink');
    expect(set.problems[0].message).toMatch(/dirlink is a symlink to a folder/);
  });

  it('[observed] refuses a dangling symlink, naming the link', () => {
    const root = tree({ 'a': '' });
    symlinkSync('missing.txt', join(root, 'gone'));
    const set = collectPackageFiles(root);
    expect(set.problems.map((p) => p.path)).toEqual(['gone']);
    expect(set.problems[0].message).toMatch(/dangling symlink/);
  });

  it('an excluded symlink is not a problem (the walk skips it before reading)', () => {
    const root = tree({ '.difyignore': 'gone\n', 'a': '' });
    symlinkSync('missing.txt', join(root, 'gone'));
    expect(stored(root)).toEqual(['.difyignore', 'a']);
  });

  it('refuses a symlink out of the plugin root (model-plugin never reads outside it)', () => {
    const outside = tree({ 'secret.txt': 'x' });
    const root = tree({ 'a': '' });
    symlinkSync(join(outside, 'secret.txt'), join(root, 'out.txt'));
    const set = collectPackageFiles(root);
    expect(set.problems.map((p) => p.path)).toEqual(['out.txt']);
    expect(set.problems[0].message).toMatch(/outside the plugin root/);
  });

  it('a folder named like an ignore file does not count: .gitignore is used', () => {
    const root = tree({ '.difyignore/x': '', '.gitignore': '*.log\n', 'a.log': '' });
    expect(stored(root)).toEqual(['.difyignore/x', '.gitignore']);
  });
});
