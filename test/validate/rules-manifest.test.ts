// One test per manifest rule (M1-M17) and I18nObject rule (I1-I3): a minimal plugin that breaks
// the rule gives exactly that rule at the expected file and line; the fixed plugin gives nothing.
import { afterAll, describe, expect, it } from 'vitest';
import { BASE_FILES, makePlugin, removePlugin } from '../helpers/fixture.js';
import { brief, diagnosticsOf } from '../helpers/validate.js';

const roots: string[] = [];
afterAll(() => roots.forEach(removePlugin));

const MANIFEST = BASE_FILES['manifest.yaml'];

/** A plugin whose manifest.yaml is `text`. */
function plugin(text: string, files: Record<string, string> = {}): string {
  const root = makePlugin({ files: { 'manifest.yaml': text, ...files } });
  roots.push(root);
  return root;
}

/** The manifest with the first line matching `from` replaced (whole line). */
function edit(from: RegExp, to: string, text = MANIFEST): string {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => from.test(l));
  if (i < 0) throw new Error(`no line matches ${from}`);
  lines.splice(i, 1, ...(to === '' ? [] : to.split('\n')));
  return lines.join('\n');
}

/** 1-based line of the first line containing `needle`. */
function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`"${needle}" not found`);
  return i + 1;
}

function only(root: string, rule: string) {
  return diagnosticsOf(root, [rule]);
}

describe('the fixture', () => {
  it('has no manifest or I18n diagnostics', () => {
    const rules = ['M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7', 'M8', 'M9', 'M10', 'M11', 'M12', 'M13', 'M14', 'M15', 'M16', 'M17', 'I1', 'I2', 'I3'];
    expect(diagnosticsOf(plugin(MANIFEST), rules).map(brief)).toEqual([]);
  });
});

describe('M1 version', () => {
  it('an unquoted 1.0 is a number: quote it', () => {
    const text = edit(/^version:/, 'version: 1.0');
    const [d, ...rest] = only(plugin(text), 'M1');
    expect(rest).toEqual([]);
    expect(brief(d)).toBe('M1 manifest.yaml:1');
    expect(d.severity).toBe('error');
    expect(d.message).toContain('Quote it: version: "1.0"');
  });
  it('a quoted 1.0 misses the daemon format', () => {
    const text = edit(/^version:/, 'version: "1.0"');
    const ds = only(plugin(text), 'M1');
    expect(ds.map(brief)).toEqual(['M1 manifest.yaml:1']);
    expect(ds[0].message).toMatch(/X\.Y\.Z/);
  });
  it('1.0.0-foo passes the daemon format but is not PEP 440', () => {
    const text = edit(/^version:/, 'version: 1.0.0-foo');
    const ds = only(plugin(text), 'M1');
    expect(ds.map(brief)).toEqual(['M1 manifest.yaml:1']);
    expect(ds[0].message).toContain('PEP 440');
    expect(ds[0].message).toContain('1.0.0-beta');
  });
  it('PEP 440 suffixes the daemon accepts are fine', () => {
    for (const v of ['1.0.0-beta', '1.0.0-rc_1', '1.2.3-post1', '0.0.1-dev3', '1.0.0-1']) {
      expect(only(plugin(edit(/^version:/, `version: ${v}`)), 'M1').map(brief), v).toEqual([]);
    }
  });
});

describe('M2 type', () => {
  it('bundle is refused', () => {
    const ds = only(plugin(edit(/^type:/, 'type: bundle')), 'M2');
    expect(ds.map(brief)).toEqual(['M2 manifest.yaml:2']);
    expect(ds[0].message).toContain('type: plugin');
  });
  it('a manifest that is a list is not a mapping', () => {
    const ds = only(plugin('- version: 0.0.1\n'), 'M2');
    expect(ds.map(brief)).toEqual(['M2 manifest.yaml:1']);
    expect(ds[0].message).toContain('must be a mapping');
  });
});

describe('M3 author', () => {
  it('uppercase is refused at install', () => {
    const ds = only(plugin(edit(/^author:/, 'author: Acme')), 'M3');
    expect(ds.map(brief)).toEqual(['M3 manifest.yaml:3']);
    expect(ds[0].message).toContain('lowercase');
  });
  it('a UUID is refused', () => {
    const ds = only(plugin(edit(/^author:/, 'author: 0f8fad5b-d9cb-469f-a165-70867728950e')), 'M3');
    expect(ds.map(brief)).toEqual(['M3 manifest.yaml:3']);
    expect(ds[0].message).toContain('UUID');
  });
});

describe('M4 name', () => {
  it('spaces are refused', () => {
    expect(only(plugin(edit(/^name:/, 'name: "My Plugin"')), 'M4').map(brief)).toEqual(['M4 manifest.yaml:4']);
  });
});

describe('M5 label and description', () => {
  it('a missing label is reported at the top of the file', () => {
    const text = edit(/^label:/, '', edit(/^ {2}en_US: Acme$/, ''));
    const ds = only(plugin(text), 'M5');
    expect(ds.map(brief)).toEqual(['M5 manifest.yaml:1']);
    expect(ds[0].message).toContain('label is required');
    expect(ds[0].message).toContain('label: {en_US: My Provider}');
  });
});

describe('M6 icon', () => {
  it('a path with _assets/ is refused', () => {
    const text = edit(/^icon:/, 'icon: _assets/icon.svg');
    const ds = only(plugin(text), 'M6');
    expect(ds.map(brief)).toEqual([`M6 manifest.yaml:${lineOf(text, 'icon: _assets')}`]);
    expect(ds[0].message).toContain('relative to _assets/');
  });
  it('an empty icon is refused', () => {
    const text = edit(/^icon:/, 'icon: ""');
    expect(only(plugin(text), 'M6').map(brief)).toEqual([`M6 manifest.yaml:${lineOf(text, 'icon: ""')}`]);
  });
});

describe('M7 resource.memory', () => {
  it('0 is an error', () => {
    const text = edit(/memory:/, '  memory: 0');
    const ds = only(plugin(text), 'M7');
    expect(ds.map(brief)).toEqual([`M7 manifest.yaml:${lineOf(text, 'memory: 0')}`]);
    expect(ds[0].severity).toBe('error');
  });
  it('a negative number is a warning', () => {
    const text = edit(/memory:/, '  memory: -5');
    const ds = only(plugin(text), 'M7');
    expect(ds.map(brief)).toEqual([`M7 manifest.yaml:${lineOf(text, 'memory: -5')}`]);
    expect(ds[0].severity).toBe('warning');
  });
});

describe('M8 permissions', () => {
  it('a storage block needs a size', () => {
    const text = edit(/^ {4}model:$/, '    storage:\n      enabled: false\n    model:');
    const ds = only(plugin(text), 'M8');
    expect(ds.map(brief)).toEqual([`M8 manifest.yaml:${lineOf(text, 'storage:')}`]);
    expect(ds[0].message).toContain('size is required');
  });
  it('a size in range is fine, one out of range is not', () => {
    const ok = edit(/^ {4}model:$/, '    storage:\n      enabled: true\n      size: 1048576\n    model:');
    expect(only(plugin(ok), 'M8')).toEqual([]);
    const bad = edit(/^ {4}model:$/, '    storage:\n      enabled: true\n      size: 512\n    model:');
    expect(only(plugin(bad), 'M8').map(brief)).toEqual([`M8 manifest.yaml:${lineOf(bad, 'size: 512')}`]);
  });
  it('a quoted flag is refused', () => {
    const text = edit(/^ {6}llm: true$/, '      llm: "true"');
    const ds = only(plugin(text), 'M8');
    expect(ds.map(brief)).toEqual([`M8 manifest.yaml:${lineOf(text, 'llm: "true"')}`]);
    expect(ds[0].message).toContain('Remove the quotes');
  });
});

describe('M9 plugins', () => {
  it('two provider files are refused', () => {
    const text = edit(/- provider\/acme.yaml/, '    - provider/acme.yaml\n    - provider/acme.yaml');
    const ds = only(plugin(text), 'M9');
    expect(ds.map(brief)).toEqual([`M9 manifest.yaml:${lineOf(text, '- provider/acme.yaml')}`]);
    expect(ds[0].message).toContain('exactly one');
  });
  it('tools next to a model provider are refused', () => {
    const text = edit(/^ {2}models:$/, '  tools:\n    - provider/tool.yaml\n  models:');
    expect(only(plugin(text), 'M9').map(brief)).toEqual([`M9 manifest.yaml:${lineOf(text, '- provider/tool.yaml')}`]);
  });
  it('a tool plugin gets one info line and no M9 error', () => {
    const text = edit(/^ {2}models:$/, '  tools:', edit(/- provider\/acme.yaml/, '    - provider/tool.yaml'));
    const ds = diagnosticsOf(plugin(text));
    const mine = ds.filter((d) => /^[MIPD]\d+$/.test(d.ruleId));
    expect(mine.map((d) => `${brief(d)} ${d.severity}`)).toEqual([`M9 manifest.yaml:${lineOf(text, 'plugins:')} info`]);
    expect(mine[0].message).toContain('plugins.tools');
  });
  it('a missing plugins.models is an error when nothing else is declared', () => {
    const text = edit(/^ {2}models:$/, '  models: []', edit(/- provider\/acme.yaml/, ''));
    expect(only(plugin(text), 'M9').map(brief)).toEqual([`M9 manifest.yaml:${lineOf(text, 'models: []')}`]);
  });
});

describe('M10 meta.version', () => {
  it('four parts are refused', () => {
    const text = edit(/^ {2}version: 0\.0\.1$/, '  version: 1.0.0.0');
    expect(only(plugin(text), 'M10').map(brief)).toEqual([`M10 manifest.yaml:${lineOf(text, 'version: 1.0.0.0')}`]);
  });
});

describe('M11 meta.arch', () => {
  it('x86_64 is not an architecture name Dify knows', () => {
    const text = edit(/- amd64/, '    - x86_64');
    const ds = only(plugin(text), 'M11');
    expect(ds.map(brief)).toEqual([`M11 manifest.yaml:${lineOf(text, 'x86_64')}`]);
    expect(ds[0].message).toContain('amd64');
  });
  it('a missing arch is reported at meta', () => {
    const text = edit(/^ {2}arch:$/, '', edit(/- amd64/, '', edit(/- arm64/, '')));
    expect(only(plugin(text), 'M11').map(brief)).toEqual([`M11 manifest.yaml:${lineOf(text, 'meta:')}`]);
  });
});

describe('M12 meta.runner', () => {
  it('an unquoted Python version is a number: quote it as written', () => {
    const text = edit(/version: "3.12"/, '    version: 3.10');
    const ds = only(plugin(text), 'M12');
    expect(ds.map(brief)).toEqual([`M12 manifest.yaml:${lineOf(text, 'version: 3.10')}`]);
    expect(ds[0].message).toContain('Quote it: version: "3.10"');
  });
  it('main.py is not a module name', () => {
    const text = edit(/entrypoint:/, '    entrypoint: main.py');
    const ds = only(plugin(text), 'M12');
    expect(ds.map(brief)).toEqual([`M12 manifest.yaml:${lineOf(text, 'main.py')}`]);
    expect(ds[0].message).toContain('not `main.py`');
  });
  it('go is not a runner language', () => {
    const text = edit(/language: python/, '    language: go');
    expect(only(plugin(text), 'M12').map(brief)).toEqual([`M12 manifest.yaml:${lineOf(text, 'language: go')}`]);
  });
});

describe('M13 meta.minimum_dify_version', () => {
  it('must be PEP 440', () => {
    const text = edit(/entrypoint:/, '    entrypoint: main\n  minimum_dify_version: latest');
    const ds = only(plugin(text), 'M13');
    expect(ds.map(brief)).toEqual([`M13 manifest.yaml:${lineOf(text, 'minimum_dify_version')}`]);
    expect(only(plugin(edit(/entrypoint:/, '    entrypoint: main\n  minimum_dify_version: "1.4.0"')), 'M13')).toEqual([]);
    expect(only(plugin(edit(/entrypoint:/, '    entrypoint: main\n  minimum_dify_version: null')), 'M13')).toEqual([]);
  });
});

describe('M14 created_at', () => {
  it('a date without time and zone gets the full form', () => {
    const text = edit(/^created_at:/, 'created_at: 2025-01-01');
    const ds = only(plugin(text), 'M14');
    expect(ds.map(brief)).toEqual([`M14 manifest.yaml:${lineOf(text, 'created_at')}`]);
    expect(ds[0].message).toContain('created_at: 2025-01-01T00:00:00Z');
  });
  it('a zone offset without colon is refused by the daemon', () => {
    const text = edit(/^created_at:/, 'created_at: "2025-01-01T08:00:00+0800"');
    const ds = only(plugin(text), 'M14');
    expect(ds.map(brief)).toEqual([`M14 manifest.yaml:${lineOf(text, 'created_at')}`]);
    expect(ds[0].message).toContain('2025-01-01T08:00:00+08:00');
  });
  it('a missing created_at is reported', () => {
    const text = edit(/^created_at:/, '');
    expect(only(plugin(text), 'M14').map(brief)).toEqual(['M14 manifest.yaml:1']);
  });
  it('quoted and unquoted RFC 3339 with a zone are fine; an impossible date is not', () => {
    expect(only(plugin(edit(/^created_at:/, 'created_at: "2024-07-12T08:03:44.658609186Z"')), 'M14')).toEqual([]);
    expect(only(plugin(edit(/^created_at:/, 'created_at: 2024-07-12T08:03:44-07:00')), 'M14')).toEqual([]);
    expect(only(plugin(edit(/^created_at:/, 'created_at: 2024-02-30T08:03:44Z')), 'M14').map((d) => d.ruleId)).toEqual(['M14']);
  });
});

describe('M15 tags', () => {
  it('tags come from the daemon list; near misses get a suggestion', () => {
    const text = `${MANIFEST}tags:\n  - serch\n`;
    const ds = only(plugin(text), 'M15');
    expect(ds.map(brief)).toEqual([`M15 manifest.yaml:${lineOf(text, '- serch')}`]);
    expect(ds[0].message).toContain('did you mean "search"?');
    expect(only(plugin(`${MANIFEST}tags:\n  - search\n`), 'M15')).toEqual([]);
  });
});

describe('M16 repo', () => {
  it('needs a scheme', () => {
    const text = `${MANIFEST}repo: github.com/acme/acme\n`;
    expect(only(plugin(text), 'M16').map(brief)).toEqual([`M16 manifest.yaml:${lineOf(text, 'repo:')}`]);
    expect(only(plugin(`${MANIFEST}repo: https://github.com/acme/acme\n`), 'M16')).toEqual([]);
  });
});

describe('M17 ignored keys', () => {
  it('verified (which `dify plugin init` writes) is silent; another unknown key is info', () => {
    expect(only(plugin(`${MANIFEST}verified: false\n`), 'M17')).toEqual([]);
    const text = `${MANIFEST}homepage: https://example.com\n`;
    const ds = only(plugin(text), 'M17');
    expect(ds.map((d) => `${brief(d)}:${d.column} ${d.severity}`)).toEqual([`M17 manifest.yaml:${lineOf(text, 'homepage')}:1 info`]);
  });
  it('a misspelled key gets a suggestion', () => {
    const text = edit(/^icon:/, 'icon: icon.svg\nicon_drak: icon.svg');
    const ds = only(plugin(text), 'M17');
    expect(ds.map(brief)).toEqual([`M17 manifest.yaml:${lineOf(text, 'icon_drak')}`]);
    expect(ds[0].message).toContain('did you mean "icon_dark"?');
  });
});

describe('I1 I18nObject shape', () => {
  it('a plain string label is not a mapping', () => {
    const text = edit(/^label:$/, 'label: Acme', edit(/^ {2}en_US: Acme$/, ''));
    const ds = only(plugin(text), 'I1');
    expect(ds.map(brief)).toEqual([`I1 manifest.yaml:${lineOf(text, 'label: Acme')}`]);
    expect(ds[0].message).toContain('{en_US:');
  });
  it('en_US is required and must not be empty', () => {
    const missing = edit(/^ {2}en_US: Acme$/, '  zh_Hans: 阿克米');
    expect(only(plugin(missing), 'I1').map(brief)).toEqual([`I1 manifest.yaml:${lineOf(missing, 'label:')}`]);
    const empty = edit(/^ {2}en_US: Acme$/, '  en_US: ""');
    expect(only(plugin(empty), 'I1').map(brief)).toEqual([`I1 manifest.yaml:${lineOf(empty, 'en_US: ""')}`]);
  });
});

describe('I2 I18nObject length', () => {
  it('1024 code points is too long, 1023 is fine (counted in code points, not UTF-16 units)', () => {
    const long = edit(/^ {2}en_US: Acme$/, `  en_US: ${'a'.repeat(1024)}`);
    expect(only(plugin(long), 'I2').map(brief)).toEqual([`I2 manifest.yaml:${lineOf(long, 'aaaa')}`]);
    const emoji = edit(/^ {2}en_US: Acme$/, `  en_US: ${'😀'.repeat(1023)}`);
    expect(only(plugin(emoji), 'I2')).toEqual([]);
  });
});

describe('I3 unknown languages', () => {
  it('ko_KR is dropped (warning); en_us works only in the SDK', () => {
    const text = edit(/^ {2}en_US: Acme$/, '  en_US: Acme\n  ko_KR: 아크미\n  en_us: Acme');
    const ds = only(plugin(text), 'I3');
    expect(ds.map((d) => `${brief(d)} ${d.severity}`)).toEqual([
      `I3 manifest.yaml:${lineOf(text, 'ko_KR')} warning`,
      `I3 manifest.yaml:${lineOf(text, 'en_us')} warning`,
    ]);
    expect(ds[1].message).toContain('SDK only');
  });
});
