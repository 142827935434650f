// Issue 12 §3, §5: both glob dialects match without backtracking (pathological patterns finish;
// the test timeout is only a hang guard), a reversed class never throws, and the semantics stay
// those of Go's filepath.Match and Python's pathlib glob.
import { describe, expect, it } from 'vitest';
import { GlobMatcher, MAX_GLOB_LENGTH, compileGoGlob, compilePythonGlob } from '../../src/plugin/glob.js';

const go = (p: string) => {
  const m = compileGoGlob(p);
  if (!(m instanceof GlobMatcher)) throw new Error(m.message);
  return m;
};
const py = (p: string) => compilePythonGlob(p)!;

describe('Go dialect (filepath.Match)', () => {
  it.each([
    ['models/llm/*.yaml', 'models/llm/a.yaml', true],
    ['models/llm/*.yaml', 'models/llm/sub/a.yaml', false],
    ['models/*/*.yaml', 'models/llm/a.yaml', true],
    ['models/**/*.yaml', 'models/llm/a.yaml', true], // `**` is one `*`
    ['models/**/*.yaml', 'models/llm/x/a.yaml', false],
    ['models/llm/?.yaml', 'models/llm/a.yaml', true],
    ['models/llm/?.yaml', 'models/llm/ab.yaml', false],
    ['models/llm/[ab].yaml', 'models/llm/b.yaml', true],
    ['models/llm/[^ab].yaml', 'models/llm/b.yaml', false],
    ['models/llm/[^ab].yaml', 'models/llm/c.yaml', true],
    ['models/llm/[a-c]x', 'models/llm/bx', true],
    ['models/llm/\\*', 'models/llm/*', true],
    ['models/llm/\\*', 'models/llm/a', false],
    ['a*b*c', 'aXXbYYc', true],
    ['a*b*c', 'aXXbYY/c', false],
    ['*', '', true],
    ['', '', true],
  ])('%s vs %s → %s', (p, path, want) => {
    expect(go(p).test(path)).toBe(want);
  });

  it('reports what Go rejects', () => {
    expect(compileGoGlob('models/[ab')).toEqual({ message: expect.stringMatching(/not closed/) });
    expect(compileGoGlob('models/\\')).toEqual({ message: expect.stringMatching(/backslash/) });
    expect(compileGoGlob('models/[]a]')).toEqual({ message: expect.stringMatching(/cannot start/) });
  });

  it('a reversed class [z-a] is valid for Go and matches nothing (it threw a RegExp SyntaxError)', () => {
    const m = go('models/llm/[z-a].yaml');
    expect(m.test('models/llm/m.yaml')).toBe(false);
    expect(m.test('models/llm/a.yaml')).toBe(false);
    expect(go('models/llm/[^z-a].yaml').test('models/llm/m.yaml')).toBe(true);
  });

  it('refuses patterns longer than the cap', () => {
    expect(compileGoGlob('a'.repeat(MAX_GLOB_LENGTH + 1))).toMatchObject({ tooLong: true });
  });
});

describe('Python dialect (pathlib glob)', () => {
  it.each([
    ['models/llm/*.yaml', 'models/llm/a.yaml', true],
    ['models/**/*.yaml', 'models/a.yaml', true],
    ['models/**/*.yaml', 'models/llm/x/y/a.yaml', true],
    ['**/*.yaml', 'a.yaml', true],
    ['models/**', 'models/llm/a.yaml', true],
    ['models/**', 'models', false],
    ['models/llm/[!a].yaml', 'models/llm/a.yaml', false],
    ['models/llm/[!a].yaml', 'models/llm/b.yaml', true],
    ['models/llm/[ab.yaml', 'models/llm/[ab.yaml', true], // an unclosed `[` is literal
    ['models/llm/[]].yaml', 'models/llm/].yaml', true],
    ['models/llm/[z-a].yaml', 'models/llm/m.yaml', false],
    ['./models/llm/*.yaml', 'models/llm/a.yaml', true],
    ['models//llm/*.yaml', 'models/llm/a.yaml', true],
  ])('%s vs %s → %s', (p, path, want) => {
    expect(py(p).test(path)).toBe(want);
  });
});

describe('no catastrophic backtracking (the timeout only guards against a hang)', () => {
  const name = `models/llm/${'a'.repeat(40)}`;
  it.each([
    ['ten `*a` groups', `models/llm/${'*a'.repeat(10)}*b`],
    ['twenty `*a` groups', `models/llm/${'*a'.repeat(20)}*b`],
    ['60 `*` in a row', `models/llm/${'*'.repeat(60)}b`],
    ['alternating `*?`', `models/llm/${'*?'.repeat(30)}b`],
  ])('%s', (_, pattern) => {
    expect(go(pattern).test(name)).toBe(false);
    expect(py(pattern).test(name)).toBe(false);
    expect(go(pattern.replace(/b$/, '')).test(name)).toBe(true);
  }, 20_000);

  it('Python `**` segments in a row against a deep path', () => {
    const pattern = `${'**/'.repeat(40)}x`;
    const path = `${'d/'.repeat(200)}y`;
    expect(py(pattern).test(path)).toBe(false);
    expect(py(pattern).test(`${'d/'.repeat(200)}x`)).toBe(true);
  }, 20_000);
});
