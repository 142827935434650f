// Proves that fastParse builds exactly the tree yaml's parseDocument builds (ranges, scalar types,
// sources, values, flow flags), or falls back (returns undefined): over every corpus file, over
// targeted cases, and over seeded random documents and mutations of corpus files.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Scalar } from 'yaml';
import { LightDocument } from '../../src/plugin/yaml-ast.js';
import { fastParse, fastParseOrReason } from '../../src/plugin/fast-yaml.js';
import { CORPUS_DIR } from '../helpers/corpus.js';

// ---- comparator ----------------------------------------------------------------------------------

const SCALAR_PROPS = ['type', 'source', 'format', 'minFractionDigits', 'anchor', 'tag'] as const;
const COLLECTION_PROPS = ['flow', 'anchor', 'tag'] as const;

function kind(n: unknown): string {
  if (n === null || n === undefined) return 'null';
  if (isPair(n)) return 'pair';
  if (isMap(n)) return 'map';
  if (isSeq(n)) return 'seq';
  if (isScalar(n)) return 'scalar';
  if (isAlias(n)) return 'alias';
  return 'other';
}

/** Walks both trees; returns the differences (empty: identical for every property we care about). */
function treeDiffs(a: unknown, b: unknown, path = '$', out: string[] = []): string[] {
  if (out.length >= 5) return out;
  const ka = kind(a);
  const kb = kind(b);
  if (ka !== kb) {
    out.push(`${path}: ${ka} vs ${kb}`);
    return out;
  }
  if (ka === 'null') return out;
  if (ka === 'pair') {
    const pa = a as { key: unknown; value: unknown };
    const pb = b as { key: unknown; value: unknown };
    treeDiffs(pa.key, pb.key, `${path}.key`, out);
    treeDiffs(pa.value, pb.value, `${path}.value`, out);
    return out;
  }
  const na = a as Record<string, unknown> & { range?: unknown; items?: unknown[] };
  const nb = b as Record<string, unknown> & { range?: unknown; items?: unknown[] };
  if (!isDeepStrictEqual(na.range, nb.range)) out.push(`${path}: range ${JSON.stringify(na.range)} vs ${JSON.stringify(nb.range)}`);
  for (const p of ka === 'scalar' ? SCALAR_PROPS : COLLECTION_PROPS) {
    if (!Object.is(na[p], nb[p])) out.push(`${path}: ${p} ${JSON.stringify(na[p])} vs ${JSON.stringify(nb[p])}`);
  }
  if (ka === 'scalar') {
    if (!Object.is(na.value, nb.value)) out.push(`${path}: value ${JSON.stringify(na.value)} vs ${JSON.stringify(nb.value)}`);
    return out;
  }
  if (na.items!.length !== nb.items!.length) out.push(`${path}: ${na.items!.length} vs ${nb.items!.length} items`);
  else na.items!.forEach((item, i) => treeDiffs(item, nb.items![i], `${path}[${i}]`, out));
  return out;
}

type Outcome = { fallback: string; refErrors: number } | { diffs: string[] };

/** fastParse against parseDocument on one text. */
function check(text: string): Outcome {
  const fast = fastParseOrReason(text);
  const ref = parseDocument(text);
  if (typeof fast === 'string') return { fallback: fast, refErrors: ref.errors.length };
  const diffs: string[] = [];
  if (ref.errors.length || ref.warnings.length) {
    diffs.push(`accepted a text yaml reports: ${[...ref.errors, ...ref.warnings].map((e) => e.code).join(', ')}`);
  }
  if (!(fast instanceof LightDocument)) diffs.push('not a light document');
  if (fast.errors.length || fast.warnings.length) diffs.push('fast document has errors or warnings');
  if (!isDeepStrictEqual(fast.range, ref.range)) diffs.push(`doc.range ${JSON.stringify(fast.range)} vs ${JSON.stringify(ref.range)}`);
  if (fast.directives.docStart !== ref.directives.docStart) diffs.push('directives.docStart');
  treeDiffs(fast.contents, ref.contents, '$', diffs);
  if (!isDeepStrictEqual(fast.toJS(), ref.toJS())) diffs.push('toJS() differs');
  return { diffs };
}

/** Asserts that fastParse handles `text` and matches parseDocument. */
function expectSame(text: string): LightDocument {
  const res = check(text);
  expect(res, JSON.stringify(text)).toEqual({ diffs: [] });
  return fastParse(text)!;
}

function valueOf(text: string): unknown {
  return expectSame(text).toJS();
}

// ---- corpus --------------------------------------------------------------------------------------

function corpusFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name)) files.push(p);
    }
  };
  walk(CORPUS_DIR);
  return files.sort();
}

describe('fastParse over the official-plugin corpus', () => {
  const files = corpusFiles();

  it('matches parseDocument on every file it handles, and handles at least 95% of them', () => {
    expect(files.length).toBe(1227);
    const mismatches: string[] = [];
    const fallbacks = new Map<string, string[]>();
    for (const file of files) {
      const res = check(readFileSync(file, 'utf8'));
      const rel = file.slice(CORPUS_DIR.length + 1);
      if ('fallback' in res) {
        fallbacks.set(res.fallback, [...(fallbacks.get(res.fallback) ?? []), rel]);
        if (res.fallback.startsWith('internal error')) mismatches.push(`${rel}: ${res.fallback}`);
      }
      else if (res.diffs.length) mismatches.push(`${rel}: ${res.diffs.join('; ')}`);
    }
    const fellBack = [...fallbacks.values()].reduce((n, l) => n + l.length, 0);
    console.log(
      `fast-yaml corpus: ${files.length - fellBack}/${files.length} handled, ${fellBack} fell back` +
        [...fallbacks].map(([reason, list]) => `\n  ${reason}: ${list.join(', ')}`).join(''),
    );
    expect(mismatches).toEqual([]);
    expect(fellBack).toBeLessThanOrEqual(files.length * 0.05);
  });

  it('matches parseDocument on the corpus files with CRLF line breaks', () => {
    let handled = 0;
    for (const file of files.filter((_, i) => i % 10 === 0)) {
      const text = readFileSync(file, 'utf8').replace(/\r?\n/g, '\r\n');
      const res = check(text);
      if ('diffs' in res) {
        handled++;
        expect(res.diffs, file).toEqual([]);
      }
    }
    expect(handled).toBeGreaterThan(110);
  });
});

// ---- targeted cases ------------------------------------------------------------------------------

describe('fastParse scalars (YAML 1.2 core schema)', () => {
  const cases: [string, unknown][] = [
    ['', null],
    ['~', null],
    ['null', null],
    ['Null', null],
    ['NULL', null],
    ['nULL', 'nULL'],
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['tRUE', 'tRUE'],
    ['false', false],
    ['False', false],
    ['FALSE', false],
    ['yes', 'yes'],
    ['no', 'no'],
    ['on', 'on'],
    ['0', 0],
    ['-0', -0],
    ['+12', 12],
    ['-12', -12],
    ['007', 7],
    ['0o17', 15],
    ['0o18', '0o18'],
    ['0O17', '0O17'],
    ['0x1F', 31],
    ['0X1F', '0X1F'],
    ['0x', '0x'],
    ['1e3', 1000],
    ['1E+3', 1000],
    ['1.5e-3', 0.0015],
    ['.5e1', 5],
    ['1.e2', 100],
    ['.5', 0.5],
    ['5.', 5],
    ['1.50', 1.5],
    ['+.5', 0.5],
    ['.inf', Infinity],
    ['-.Inf', -Infinity],
    ['+.INF', Infinity],
    ['.NaN', NaN],
    ['.nan', NaN],
    ['.NAN', NaN],
    ['nan', 'nan'],
    ['.Nan', '.Nan'],
    ['1_000', '1_000'],
    ['12:30', '12:30'],
    ['1.2.3', '1.2.3'],
    ['0.0.1', '0.0.1'],
    ['-x', '-x'],
    ['a#b', 'a#b'],
    ['http://x.y/z?q=1', 'http://x.y/z?q=1'],
    ['x, y [z] {w}', 'x, y [z] {w}'],
    ['é 中文', 'é 中文'],
  ];
  it.each(cases)('plain %j resolves like yaml', (plain, expected) => {
    const doc = expectSame(`v: ${plain}\n${plain ? `${plain}: k\n` : ''}`);
    expect((doc.toJS() as { v: unknown }).v).toEqual(expected);
  });

  it('keeps number formats and fraction digits as yaml does', () => {
    const doc = expectSame('a: 0x1F\nb: 0o17\nc: 1e3\nd: 1.50\n');
    const formats = (doc.contents as unknown as { items: { value: Scalar }[] }).items.map((p) => [p.value.format, p.value.minFractionDigits]);
    expect(formats).toEqual([['HEX', undefined], ['OCT', undefined], ['EXP', undefined], [undefined, 2]]);
  });

  it('unescapes double-quoted and single-quoted scalars', () => {
    expect(valueOf('a: "tab\\there \\"q\\" back\\\\ \\x41\\u00e9\\U0001F600 \\N\\_\\L\\P\\0\\/\\ "\n')).toEqual({
      a: 'tab\there "q" back\\ Aé😀 \u0085\u00a0\u2028\u2029\0/ ',
    });
    expect(valueOf("a: 'it''s'\nb: ''\nc: \"\"\n")).toEqual({ a: "it's", b: '', c: '' });
    expect(valueOf("a: 'x \\n y'\n")).toEqual({ a: 'x \\n y' });
  });

  it('folds multi-line plain and quoted scalars', () => {
    expect(valueOf('a: one\n  two\n\n  three\nb: x\n')).toEqual({ a: 'one two\nthree', b: 'x' });
    expect(valueOf("a: 'one  \n   two\n\n\n   three'\n")).toEqual({ a: 'one two\n\nthree' });
    expect(valueOf('a: "one  \n   two\\\n   three\\n\n   four"\n')).toEqual({ a: 'one twothree\n four' });
    expect(valueOf('- one\n  two # c\n- x\n')).toEqual(['one two', 'x']);
  });

  it('reads block scalars with every chomping indicator', () => {
    const body = '\n  line 1\n   more\n  line 2\n\n\nb: x\n';
    expect(valueOf(`a: |${body}`)).toEqual({ a: 'line 1\n more\nline 2\n', b: 'x' });
    expect(valueOf(`a: |-${body}`)).toEqual({ a: 'line 1\n more\nline 2', b: 'x' });
    expect(valueOf(`a: |+${body}`)).toEqual({ a: 'line 1\n more\nline 2\n\n\n', b: 'x' });
    expect(valueOf(`a: >${body}`)).toEqual({ a: 'line 1\n more\nline 2\n', b: 'x' });
    expect(valueOf(`a: >-${body}`)).toEqual({ a: 'line 1\n more\nline 2', b: 'x' });
    expect(valueOf(`a: >+${body}`)).toEqual({ a: 'line 1\n more\nline 2\n\n\n', b: 'x' });
    expect(valueOf('a: >\n  one\n  two\n\n  three\n')).toEqual({ a: 'one two\nthree\n' });
    expect(valueOf('a: |2\n    x\n  y\n')).toEqual({ a: '  x\ny\n' });
    expect(valueOf('- |-1\n  x\n- >  # c\n y\n')).toEqual([' x', 'y\n']);
    expect(valueOf('a: |\nb: |+\n')).toEqual({ a: '', b: '' });
    const doc = expectSame('a: |\n  x\nb: >-\n  y\n');
    const types = (doc.contents as unknown as { items: { value: Scalar }[] }).items.map((p) => p.value.type);
    expect(types).toEqual(['BLOCK_LITERAL', 'BLOCK_FOLDED']);
  });

  it('reads one-line flow collections', () => {
    expect(valueOf("a: ['zh-Hans', \"en-US\", x y]\nb: {en_US: x, zh_Hans: 'y'}\nc: []\nd: {}\ne: [a, [b], {c: d}]\n")).toEqual({
      a: ['zh-Hans', 'en-US', 'x y'],
      b: { en_US: 'x', zh_Hans: 'y' },
      c: [],
      d: {},
      e: ['a', ['b'], { c: 'd' }],
    });
    expect(valueOf('[]')).toEqual([]);
  });
});

describe('fastParse structure and ranges', () => {
  it('sets the ranges yaml sets, including trailing comments and blank lines', () => {
    const doc = expectSame('a:\n  b: c  # x\n\n  # y\nd:\n- e\n')!;
    const root = doc.contents as unknown as { range: number[]; items: { key: Scalar; value: { range: number[] } }[] };
    expect(root.range).toEqual([0, 29, 29]);
    expect(root.items[0].key.range).toEqual([0, 1, 1]);
    expect(root.items[0].value.range).toEqual([5, 15, 22]); // the comment at its indentation stays in the inner map
    expect(root.items[1].value.range).toEqual([25, 29, 29]); // `- e` at the key's indentation
  });

  it('handles comments everywhere yaml allows them', () => {
    const texts = [
      '# yaml-language-server: $schema=../schema.json\n---\n# c\na: 1 # c\n  # deeper: absorbed by the scalar\n# c\nb:\n  # c\n  c: 2\n\n    # c\n# c\n',
      '- a\n  # c\n-  # c\n  b: 1\n# c\n-\n# c\n- c\n',
      'a: # c\nb:\n# c\n\nc:\n  # c\nd: x\n',
      'x:\n  a:\n  # c\n\n  b: |\n    t\n\n  # c\n  c: [a]  # c\n     # c\n',
    ];
    for (const t of texts) expectSame(t);
  });

  it('handles CRLF line breaks', () => {
    expect(valueOf('a: 1\r\nb:\r\n  - "x\r\n    y"\r\n  - |\r\n    z\r\n\r\n')).toEqual({ a: 1, b: ['x y', 'z\n'] });
  });

  it('handles empty and comment-only files', () => {
    for (const t of ['', '\n', '\n\n', '# c\n', '  # c\n\n# d']) {
      const doc = expectSame(t);
      expect(doc.contents).toBeNull();
      expect(doc.toJS()).toBeNull();
    }
  });

  it('fills a LineCounter as parseDocument does, and only when it succeeds', () => {
    const text = 'a: 1\r\nb: |\n  x\n\n# c\n';
    const mine = new LineCounter();
    fastParse(text, { lineCounter: mine });
    const theirs = new LineCounter();
    parseDocument(text, { lineCounter: theirs });
    expect(mine.lineStarts).toEqual(theirs.lineStarts);
    const untouched = new LineCounter();
    expect(fastParse('a: 1\na: 2\n', { lineCounter: untouched })).toBeUndefined();
    expect(untouched.lineStarts).toEqual([]);
  });

  it('checks duplicate keys in big mappings too', () => {
    const keys = Array.from({ length: 3000 }, (_, i) => `k${i}: ${i}`);
    expect(valueOf(`${keys.join('\n')}\n`)).toHaveProperty('k2999', 2999);
    expect(fastParse(`${keys.join('\n')}\nk1500: x\n`)).toBeUndefined();
    expect(fastParse(`a: {${keys.join(', ')}, k7: x}\n`)).toBeUndefined();
  });

  it('builds light nodes that yaml\'s own guards recognise', () => {
    const doc = fastParse('a: [1]\nb:\n  - x\n')!;
    expect(doc).toBeInstanceOf(LightDocument);
    const root = doc.contents as unknown as { items: { key: unknown; value: { items: unknown[] } }[] };
    expect(isMap(root)).toBe(true);
    expect(isPair(root.items[0])).toBe(true);
    expect(isScalar(root.items[0].key)).toBe(true);
    expect(isSeq(root.items[1].value)).toBe(true);
    expect(doc.toJS()).toEqual({ a: [1], b: ['x'] });
    expect(doc.errors).toEqual([]);
  });
});

describe('fastParse falls back', () => {
  // Invalid YAML: the full parser must report it, so fastParse must never build a tree.
  const invalid: [string, string][] = [
    ['duplicate key', 'a: 1\nb: 2\na: 3\n'],
    ['duplicate flow key', 'a: {x: 1, x: 2}\n'],
    ['duplicate key, different spelling', 'null: 1\n~: 2\n'],
    ['tab indentation', 'a:\n\tb: 1\n'],
    ['bad indentation', 'a:\n    b: 1\n  c: 2\n'],
    ['deeper line after a value', 'a: 1\n  b: 2\n'],
    ['unterminated double quote', 'a: "x\n'],
    ['unterminated single quote', "a: 'x\nb: 1\n"],
    ['quoted line not indented', 'a: "x\ny"\n'],
    ['two documents', 'a: 1\n---\nb: 2\n'],
    ['invalid escape', 'a: "\\q"\n'],
    ['text after a quoted scalar', "a: 'x' y\n"],
    ['comment without a space', "a: 'x'#c\n"],
    ['map on the key line', 'a: b: c\n'],
    ['sequence on the key line', 'a: - b\n'],
    ['sequence item in a mapping', 'a: 1\n- b\n'],
    ['lone CR', 'a: 1\rb: 2\n'],
    ['bad block scalar header', 'a: |x\n  y\n'],
    ['block scalar less indented line', 'a: |\n    x\n  y\n'],
    ['implicit key on a continuation line', 'a: x\n  b: y\n'],
    ['reserved indicator', 'a: @x\n'],
  ];
  it.each(invalid)('on invalid YAML: %s', (_name, text) => {
    expect(fastParse(text)).toBeUndefined();
    expect(parseDocument(text).errors.length).toBeGreaterThan(0);
  });

  // Valid YAML outside the subset: the full parser handles it.
  const unsupported: [string, string][] = [
    ['anchor', 'a: &x 1\nb: 2\n'],
    ['alias', 'a: &x 1\nb: *x\n'],
    ['tag', 'a: !!str 1\n'],
    ['directive', '%YAML 1.2\n---\na: 1\n'],
    ['document end marker', 'a: 1\n...\n'],
    ['complex key', '? a\n: 1\n'],
    ['tab inside a value', 'a: 1\t\n'],
    ['top-level scalar', 'just text\n'],
    ['multi-line flow collection', 'a: [1,\n  2]\n'],
    ['trailing comma', 'a: [1, 2,]\n'],
    ['byte order mark', '\uFEFFa: 1\n'],
    ['compact nested sequence', '- - a\n'],
  ];
  it.each(unsupported)('on unsupported YAML: %s', (_name, text) => {
    expect(fastParse(text)).toBeUndefined();
    expect(parseDocument(text).errors).toEqual([]);
  });
});

// ---- differential fuzzing (seeded, deterministic) ------------------------------------------------

function xorshift(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

const PLAINS = ['a', 'en_US', 'text-embedding', 'x y', 'a#b', 'http://x.y/z', 'a:b', "it's", '-x', '~', 'null', 'True', 'FALSE', '0', '-0', '+12', '007', '0o17', '0x1F', '1e3', '.5', '1.50', '.inf', '-.Inf', '.NaN', 'nan', '1_000', '12:30', 'é中文', 'x\u0085y', 'a\u2028b', 'a\x01b', 'x, y', 'x [y]', 'x]', 'a "b"', 'a\\b', 'a  b'];
const BAD_PLAINS = ['%x', '@x', ', x', '[x', '{x', '? x', ':x', '!x', '&x', '*x', '#x', '- x', '-', '---', 'x:', 'a: b', 'a #b'];
const QUOTED = ['"x"', '""', '"a\\nb"', '"q\\"q"', '"\\x41\\u00e9\\U0001F600"', '"a\n  b"', '"a  \n\n  b"', '"a\\\n   b"', "'x'", "''", "'it''s'", "'a\n  b'", "'a  \n\n   b  '"];
const BAD_QUOTED = ['"bad\\q"', '"\\x4"', '"unterminated', '"a" x', '"a"#c', '"a\nb"', "'a' x", "'a\nb'"];
const FLOWS = ['[]', '{}', '[a, b]', "['zh-Hans', 'en-US']", '[ a , b ]', '{en_US: x, zh_Hans: "y"}', '{ a: 1 , b: 2 }', '[a, [b, c], {d: e}]', '[1, 2.5, true, null, ~]'];
const BAD_FLOWS = ['{a: }', '{a}', '[a: 1]', '[a, b,]', '[a\n, b]', '[a', '{a: 1, a: 2}', '{"a":1}', '[a] x'];
const HEADERS = ['|', '|-', '|+', '>', '>-', '>+', '|2', '|-1', '>2-', '|+3', '| # c'];
const BAD_HEADERS = ['|0', '|10', '|--', '|#c', '| x'];
const KEYS = ['a', 'b', 'c', 'label', 'en_US', '1', 'true', 'null', "'x'", '"y"', 'a b', '-k', 'k:k', "'it''s'", '.5', 'd '];
const BAD_KEYS = ['? q', '[k]', '&a k', '!!str k'];

/** A random document: mostly valid YAML in the subset, with comments and blank lines anywhere. */
function randomDocument(r: () => number, clean: boolean): string {
  const pick = <T>(good: T[], bad: T[]): T => {
    const list = !clean && bad.length > 0 && r() < 0.15 ? bad : good;
    return list[Math.floor(r() * list.length)];
  };
  const chance = (p: number) => r() < p;
  const lines: string[] = [];
  const trivia = (ind: number) => {
    while (chance(0.15)) {
      if (chance(0.4)) lines.push(' '.repeat(chance(0.3) ? Math.floor(r() * 3) : 0));
      else lines.push(' '.repeat(Math.max(0, ind + Math.floor(r() * 7) - 3)) + '# c');
    }
  };
  const tail = () => (chance(0.1) ? '  # t' : chance(0.05) ? ' ' : '');
  const cont = (ind: number) => '\n' + ' '.repeat(Math.max(0, ind + 1 + Math.floor(r() * 3) - (chance(0.1) ? 1 : 0)));
  const scalar = (ind: number): string => {
    const t = r();
    if (t < 0.5) return pick(PLAINS, BAD_PLAINS);
    if (t < 0.7) return pick(QUOTED, BAD_QUOTED).replace(/\n/g, cont(ind));
    if (t < 0.85) return pick(FLOWS, BAD_FLOWS);
    let s = pick(PLAINS.slice(0, 12), BAD_PLAINS);
    for (let i = Math.floor(r() * 3); i >= 0; i--) s += (chance(0.2) ? '\n' : '') + cont(ind) + pick(PLAINS.slice(0, 12), BAD_PLAINS);
    return s;
  };
  const node = (ind: number, depth: number, prefix: string) => {
    if (depth > 3 || chance(0.45)) {
      if (chance(0.08)) lines.push(prefix + tail());
      else if (chance(0.1)) {
        lines.push(`${prefix} ${pick(HEADERS, BAD_HEADERS)}${tail()}`);
        const base = ind + 1 + Math.floor(r() * 3);
        for (let i = Math.floor(r() * 4); i > 0; i--) {
          if (chance(0.2)) lines.push(' '.repeat(Math.floor(r() * (base + 3))));
          else lines.push(' '.repeat(Math.max(0, base + (chance(0.2) ? Math.floor(r() * 4) - 1 : 0))) + pick(['text', '# not a comment', 'x: y', '- z'], []));
        }
      } else lines.push(`${prefix} ${scalar(ind)}${tail()}`);
      return;
    }
    lines.push(prefix + tail());
    trivia(ind);
    const sameIndent = prefix.endsWith(':') && chance(0.3);
    const child = sameIndent ? ind : ind + 1 + Math.floor(r() * 3);
    if (sameIndent || chance(0.4)) seq(child, depth + 1);
    else map(child, depth + 1);
  };
  const map = (ind: number, depth: number, first?: string) => {
    const used = new Set<string>();
    for (let i = Math.floor(r() * 4); i >= 0; i--) {
      let key = pick(KEYS, BAD_KEYS);
      while (clean && used.has(key)) key = pick(KEYS, BAD_KEYS);
      used.add(key);
      const pad = first ?? ' '.repeat(Math.max(0, ind + (!clean && chance(0.03) ? 1 : 0)));
      first = undefined;
      node(ind, depth, `${pad}${key}:`);
      trivia(ind);
    }
  };
  const seq = (ind: number, depth: number) => {
    for (let i = Math.floor(r() * 4); i >= 0; i--) {
      if (chance(0.25) && depth < 4) {
        const sp = 1 + Math.floor(r() * 2);
        map(ind + 1 + sp, depth + 1, ' '.repeat(ind) + '-' + ' '.repeat(sp));
      } else node(ind, depth, ' '.repeat(ind) + '-');
      trivia(ind);
    }
  };
  if (chance(0.1)) lines.push('# yaml-language-server: $schema=x.json');
  if (chance(0.1)) lines.push('---');
  trivia(0);
  if (chance(0.3)) seq(chance(0.1) ? 1 : 0, 0);
  else map(chance(0.1) ? 2 : 0, 0);
  trivia(0);
  const text = lines.join('\n') + (chance(0.8) ? '\n' : '');
  return chance(0.1) ? text.replace(/\n/g, '\r\n') : text;
}

const MUTATIONS = [' ', '  ', '\n', ':', ': ', '-', '- ', '#', ' #', "'", '"', '|', '>', '[', ']', '{', '}', ',', 'a', '\r\n', '\\', '&a ', '*a', '!!str ', '? ', '---\n', '\t'];

/** Inserts, deletes, re-indents or duplicates a few characters or lines. */
function mutate(r: () => number, text: string): string {
  for (let k = 1 + Math.floor(r() * 3); k > 0; k--) {
    const i = Math.floor(r() * (text.length + 1));
    const ls = text.lastIndexOf('\n', i - 1) + 1;
    const t = r();
    if (t < 0.35) text = text.slice(0, i) + MUTATIONS[Math.floor(r() * MUTATIONS.length)] + text.slice(i);
    else if (t < 0.6) text = text.slice(0, i) + text.slice(i + 1 + Math.floor(r() * 3));
    else if (t < 0.8) text = r() < 0.5 ? `${text.slice(0, ls)} ${text.slice(ls)}` : text.slice(0, ls) + text.slice(ls).replace(/^ /, '');
    else {
      const le = text.indexOf('\n', i) === -1 ? text.length : text.indexOf('\n', i);
      text = `${text.slice(0, le)}\n${text.slice(ls, le)}${text.slice(le)}`;
    }
  }
  return text;
}

describe('fastParse differential fuzzing against parseDocument', () => {
  function run(label: string, n: number, seed: number, make: (r: () => number, i: number) => string) {
    const r = xorshift(seed);
    let handled = 0;
    let validFallbacks = 0;
    const failures: string[] = [];
    for (let i = 0; i < n; i++) {
      const text = make(r, i);
      const res = check(text);
      if ('fallback' in res) {
        if (res.fallback.startsWith('internal error') && failures.length < 5) failures.push(`${JSON.stringify(text)}: ${res.fallback}`);
        if (res.refErrors === 0) validFallbacks++;
        continue;
      }
      handled++;
      if (res.diffs.length && failures.length < 5) failures.push(`${JSON.stringify(text)}: ${res.diffs.join('; ')}`);
    }
    console.log(`fast-yaml fuzz ${label}: ${n} texts, ${handled} handled, ${validFallbacks} valid ones fell back`);
    expect(failures).toEqual([]);
    return { handled, validFallbacks };
  }

  it('random documents in the subset', () => {
    const { handled, validFallbacks } = run('clean documents', 1500, 42, (r) => randomDocument(r, true));
    expect(handled).toBeGreaterThan(900);
    expect(validFallbacks).toBe(0);
  });

  it('random documents with unsupported and invalid constructs', () => {
    const { handled } = run('noisy documents', 1500, 7, (r) => randomDocument(r, false));
    expect(handled).toBeGreaterThan(200);
  });

  it('mutated documents and corpus files', () => {
    const corpus = corpusFiles().map((f) => readFileSync(f, 'utf8'));
    const { handled } = run('mutations', 2000, 2024, (r, i) =>
      mutate(r, i % 2 ? randomDocument(r, true) : corpus[Math.floor(r() * corpus.length)]),
    );
    expect(handled).toBeGreaterThan(300);
  });
});
