// Cross-file rules about files and paths: P5, P16, P17, F1-F9. Each test breaks one thing in the
// minimal plugin and expects the exact rule, severity, file and line; the fixed plugin gives nothing.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE_FILES } from '../helpers/fixture.js';
import { validatePlugin } from '../../src/validate/pipeline.js';
import { cleanup, diags, edit, found, lineOf, MANIFEST, PROVIDER, tracked } from './rules-cross.helpers.js';

afterAll(cleanup);

const P = BASE_FILES[PROVIDER];
const M = BASE_FILES[MANIFEST];

describe('P5 icon files exist in _assets/', () => {
  it('reports a missing provider icon at its value, suggesting the existing file', () => {
    const root = tracked({ files: { [PROVIDER]: edit(PROVIDER, 'icon_small:\n  en_US: icon.svg', 'icon_small:\n  en_US: icon_s.svg') } });
    expect(found(root, 'P5')).toEqual([`P5 error ${PROVIDER}:${lineOf(P, 'en_US: icon.svg', 'icon_small')}`]);
    expect(diags(root, 'P5')[0].message).toContain('Did you mean "icon.svg"?');
  });

  it('checks every language and the dark variants, which only install checks', () => {
    const provider = edit(PROVIDER, 'icon_large:\n  en_US: icon.svg', 'icon_large:\n  en_US: icon.svg\n  zh_Hans: icon-zh.svg\nicon_small_dark:\n  en_US: dark.svg');
    const manifest = edit(MANIFEST, 'icon: icon.svg', 'icon: icon.svg\nicon_dark: icon-dark.svg');
    const root = tracked({ files: { [PROVIDER]: provider, [MANIFEST]: manifest } });
    expect(found(root, 'P5')).toEqual([
      `P5 error ${MANIFEST}:${lineOf(manifest, 'icon_dark')}`,
      `P5 error ${PROVIDER}:${lineOf(provider, 'icon-zh.svg')}`,
      `P5 error ${PROVIDER}:${lineOf(provider, 'dark.svg')}`,
    ]);
    expect(diags(root, 'P5')[2].message).toMatch(/install fails \(dark icons are checked at install/);
    const fixed = tracked({ files: { [PROVIDER]: provider, [MANIFEST]: manifest, '_assets/icon-zh.svg': '<svg/>', '_assets/dark.svg': '<svg/>', '_assets/icon-dark.svg': '<svg/>' } });
    expect(found(fixed, 'P5')).toEqual([]);
  });

  it('explains "./" segments inside a value, which the daemon never finds (the schema reports leading ones)', () => {
    const provider = edit(PROVIDER, 'icon_large:\n  en_US: icon.svg', 'icon_large:\n  en_US: big/./icon.svg');
    const root = tracked({ files: { [PROVIDER]: provider, '_assets/big/icon.svg': '<svg/>' } });
    expect(found(root, 'P5')).toEqual([`P5 error ${PROVIDER}:${lineOf(provider, 'big/./icon.svg')}`]);
    expect(diags(root, 'P5')[0].message).toContain('Write "big/icon.svg"');
  });

  it('the base plugin has no P5 finding', () => {
    expect(found(tracked(), 'P5')).toEqual([]);
  });
});

describe('F1 _assets/ folder', () => {
  it('is an error when missing', () => {
    const root = tracked();
    rmSync(join(root, '_assets'), { recursive: true });
    expect(found(root, 'F1')).toEqual(['F1 error -:1']);
    expect(diags(root, 'F1')[0].message).toContain('os.scandir("_assets")');
  });

  it('warns about icons in sub-folders (remote debug uploads top-level files only)', () => {
    const provider = edit(PROVIDER, 'icon_large:\n  en_US: icon.svg', 'icon_large:\n  en_US: big/icon_l.svg');
    const root = tracked({ files: { [PROVIDER]: provider, '_assets/big/icon_l.svg': '<svg/>' } });
    expect(found(root, 'F1')).toEqual([`F1 warning ${PROVIDER}:${lineOf(provider, 'big/icon_l.svg')}`]);
    expect(found(root, 'P5')).toEqual([]);
    expect(found(tracked(), 'F1')).toEqual([]);
  });
});

describe('F7 paths stay inside the plugin root', () => {
  it('reports an icon that is a symlink to /etc/passwd, and never reads it', () => {
    const provider = edit(PROVIDER, 'icon_large:\n  en_US: icon.svg', 'icon_large:\n  en_US: evil.svg');
    const root = tracked({ files: { [PROVIDER]: provider } });
    symlinkSync('/etc/passwd', join(root, '_assets/evil.svg'));
    // One error at the reference; the link itself is not reported a second time.
    expect(found(root, 'F7')).toEqual([`F7 error ${PROVIDER}:${lineOf(provider, 'evil.svg')}`]);
    expect(diags(root, 'F7')[0].message).toContain('symlink that leads outside the plugin root');
    expect(found(root, 'P5')).toEqual([]);
  });

  it('reports a provider YAML that is a symlink to /etc/passwd; nothing is loaded from it', () => {
    const manifest = edit(MANIFEST, '- provider/acme.yaml', '- provider/link.yaml');
    const root = tracked({ files: { [MANIFEST]: manifest } });
    symlinkSync('/etc/passwd', join(root, 'provider/link.yaml'));
    expect(found(root, 'F7')).toEqual([`F7 error ${MANIFEST}:${lineOf(manifest, 'provider/link.yaml')}`]);
    expect(found(root, 'F9')).toEqual([]);
    const run = validatePlugin(root);
    expect(run.plugin.provider).toBeUndefined();
    expect(run.plugin.fs.loadedYaml().map((y) => y.path)).not.toContain('provider/link.yaml');
  });

  it('does not read a provider_source that links outside (its content would be an X2 error)', () => {
    const outside = mkdtempSync(join(tmpdir(), 'mp-outside-'));
    try {
      writeFileSync(join(outside, 'two.py'), 'from dify_plugin import OAICompatProvider\nclass A(OAICompatProvider):\n    pass\n');
      const provider = edit(PROVIDER, 'provider_source: provider/acme.py', 'provider_source: provider/linked.py');
      const root = tracked({ files: { [PROVIDER]: provider } });
      symlinkSync(join(outside, 'two.py'), join(root, 'provider/linked.py'));
      expect(found(root, 'F7')).toEqual([`F7 error ${PROVIDER}:${lineOf(provider, 'provider_source')}`]);
      expect(found(root, 'X2')).toEqual([]);
      expect(found(root, 'P16')).toEqual([]);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('reports "../../x" and absolute paths where they are written', () => {
    const provider = edit(PROVIDER, /provider_source: provider\/acme.py\n    model_sources:\n      - "models\/llm\/llm.py"/, 'provider_source: ../../x/acme.py\n    model_sources:\n      - /etc/passwd');
    const root = tracked({ files: { [PROVIDER]: provider } });
    expect(found(root, 'F7')).toEqual([`F7 error ${PROVIDER}:${lineOf(provider, '../../x')}`, `F7 error ${PROVIDER}:${lineOf(provider, '/etc/passwd')}`]);
    const [parent, absolute] = diags(root, 'F7');
    expect(parent.message).toContain('climbs out of the plugin root');
    expect(absolute.message).toContain('is an absolute path');
    expect(found(root, 'P16')).toEqual([]);
  });

  it('reports globs that are absolute or climb out, and globs that reach a link leading outside', () => {
    const provider = edit(PROVIDER, '      - "models/llm/*.yaml"', '      - "models/llm/*.yaml"\n      - "/models/llm/*.yaml"\n      - "../other/*.yaml"');
    const root = tracked({ files: { [PROVIDER]: provider } });
    symlinkSync('/etc/passwd', join(root, 'models/llm/evil.yaml'));
    expect(found(root, 'F7')).toEqual([
      `F7 error ${PROVIDER}:${lineOf(provider, '"models/llm/*.yaml"')}`,
      `F7 error ${PROVIDER}:${lineOf(provider, '/models/llm/*.yaml"')}`,
      `F7 error ${PROVIDER}:${lineOf(provider, '../other')}`,
    ]);
    expect(diags(root, 'F7')[0].message).toContain('matches models/llm/evil.yaml, a symlink');
    expect(found(root, 'P14')).toEqual([]);
  });

  it('warns about any other symlink leading outside, at the link', () => {
    const root = tracked();
    mkdirSync(join(root, 'docs'));
    symlinkSync('/etc', join(root, 'docs/etc'));
    expect(found(root, 'F7')).toEqual(['F7 warning docs/etc:1']);
  });

  it('dangling symlinks are one error (the packager fails reading them), with the others as related places', () => {
    const root = tracked();
    mkdirSync(join(root, 'docs'));
    symlinkSync('gone.md', join(root, 'docs/a.md'));
    symlinkSync('../nowhere.md', join(root, 'docs/b.md'));
    expect(found(root, 'F7')).toEqual(['F7 error docs/a.md:1']);
    const [d] = diags(root, 'F7');
    expect(d.message).toContain('symlink to nothing');
    expect(d.related?.map((r) => r.file)).toEqual(['docs/b.md']);
  });

  it('the base plugin has no F7 finding', () => {
    expect(found(tracked(), 'F7')).toEqual([]);
  });
});

describe('F9 the provider YAML exists', () => {
  it('reports a missing plugins.models entry with a suggestion', () => {
    const manifest = edit(MANIFEST, '- provider/acme.yaml', '- provider/acmee.yaml');
    const root = tracked({ files: { [MANIFEST]: manifest } });
    expect(found(root, 'F9')).toEqual([`F9 error ${MANIFEST}:18`]);
    expect(diags(root, 'F9')[0].message).toContain('Did you mean "provider/acme.yaml"?');
    expect(found(tracked(), 'F9')).toEqual([]);
  });
});

describe('P16 Python sources exist', () => {
  it('reports the init template\'s provider/openai.py and suggests the real file', () => {
    const provider = edit(PROVIDER, 'provider_source: provider/acme.py', 'provider_source: provider/openai.py');
    const root = tracked({ files: { [PROVIDER]: provider } });
    expect(found(root, 'P16')).toEqual([`P16 error ${PROVIDER}:${lineOf(provider, 'provider_source')}`]);
    expect(diags(root, 'P16')[0].message).toBe(
      'extra.python.provider_source "provider/openai.py" does not exist; the SDK crashes at start with FileNotFoundError. Point it at the .py file that holds the ModelProvider subclass. Did you mean "provider/acme.py"?',
    );
  });

  it('reports a missing model source and a folder', () => {
    const provider = edit(PROVIDER, '      - "models/llm/llm.py"', '      - "models/llm/llm.py"\n      - "models/tts/tts.py"\n      - "models/llm"');
    const root = tracked({ files: { [PROVIDER]: provider } });
    expect(found(root, 'P16')).toEqual([`P16 error ${PROVIDER}:${lineOf(provider, 'tts.py')}`, `P16 error ${PROVIDER}:${lineOf(provider, '- "models/llm"')}`]);
    expect(diags(root, 'P16')[1].message).toContain('is a folder');
  });

  it('warns when the .py suffix is left out (the SDK still imports the module)', () => {
    const provider = edit(PROVIDER, '- "models/llm/llm.py"', '- "models/llm/llm"');
    expect(found(tracked({ files: { [PROVIDER]: provider } }), 'P16')).toEqual([`P16 warning ${PROVIDER}:${lineOf(provider, '"models/llm/llm"')}`]);
    expect(found(tracked(), 'P16')).toEqual([]);
  });
});

describe('P17 model source module names', () => {
  it('warns about fewer than 3 path components, inner dots and shadowed top-level names', () => {
    const provider = edit(PROVIDER, '      - "models/llm/llm.py"', '      - "llm.py"\n      - "models/llm/llm.v2.py"\n      - "json/llm/llm.py"');
    const root = tracked({ files: { [PROVIDER]: provider, 'llm.py': '', 'models/llm/llm.v2.py': '', 'json/llm/llm.py': '' } });
    expect(found(root, 'P17')).toEqual([
      `P17 warning ${PROVIDER}:${lineOf(provider, '"llm.py"')}`,
      `P17 warning ${PROVIDER}:${lineOf(provider, 'llm.v2.py')}`,
      `P17 warning ${PROVIDER}:${lineOf(provider, 'json/llm')}`,
    ]);
    expect(diags(root, 'P17').map((d) => d.message)).toEqual([
      expect.stringContaining('IndexError'),
      expect.stringContaining('dot before .py'),
      expect.stringContaining('"json" is also a standard or installed module'),
    ]);
    expect(found(tracked(), 'P17')).toEqual([]);
  });
});

describe('F2 runtime files', () => {
  it('reports a missing entrypoint module at meta.runner.entrypoint', () => {
    const root = tracked({ remove: ['main.py'] });
    expect(found(root, 'F2')).toEqual([`F2 error ${MANIFEST}:${lineOf(M, 'entrypoint')}`]);
    expect(diags(root, 'F2')[0].message).toContain('python -m main');
  });

  it('accepts a package entrypoint (main/__main__.py)', () => {
    expect(found(tracked({ remove: ['main.py'], files: { 'main/__main__.py': 'print(1)\n' } }), 'F2')).toEqual([]);
  });

  it('reports when neither pyproject.toml nor requirements.txt exists', () => {
    expect(found(tracked({ remove: ['requirements.txt'] }), 'F2')).toEqual(['F2 error -:1']);
    expect(found(tracked({ remove: ['requirements.txt'], files: { 'pyproject.toml': '[project]\nname = "acme"\n' } }), 'F2')).toEqual([]);
  });
});

describe('F3 README', () => {
  it('warns when README.md is missing, or only a differently cased one exists', () => {
    expect(found(tracked({ remove: ['README.md'] }), 'F3')).toEqual(['F3 warning -:1']);
    const lower = tracked({ remove: ['README.md'], files: { 'readme.md': '# x\n' } });
    expect(found(lower, 'F3')).toEqual(['F3 warning readme.md:1']);
  });

  it('warns about localized readmes outside readme/ or with a bad language tag', () => {
    const root = tracked({ files: { 'README_zh_Hans.md': 'x', 'readme/README_ja_JP.md': 'x', 'readme/README_chinese.md': 'x' } });
    expect(found(root, 'F3')).toEqual(['F3 warning README_zh_Hans.md:1', 'F3 warning readme/README_chinese.md:1']);
    expect(found(tracked(), 'F3')).toEqual([]);
  });
});

describe('F4 PRIVACY', () => {
  it('warns at manifest privacy when the file it names is missing; no PRIVACY.md at all is info (marketplace only)', () => {
    expect(found(tracked({ remove: ['PRIVACY.md'] }), 'F4')).toEqual([`F4 warning ${MANIFEST}:${lineOf(M, 'privacy')}`]);
    const noKey = tracked({ remove: ['PRIVACY.md'], files: { [MANIFEST]: edit(MANIFEST, 'privacy: PRIVACY.md\n', '') } });
    expect(found(noKey, 'F4')).toEqual(['F4 info -:1']);
    expect(found(tracked(), 'F4')).toEqual([]);
  });

  it('accepts privacy as a URL (the marketplace check belongs to package --marketplace)', () => {
    const url = tracked({ remove: ['PRIVACY.md'], files: { [MANIFEST]: edit(MANIFEST, 'privacy: PRIVACY.md\n', 'privacy: https://example.com/privacy\n') } });
    expect(found(url, 'F4')).toEqual([]);
  });
});

describe('F5 package size', () => {
  it('reports more than 50 MiB of packaged files, unless the ignore file excludes them', () => {
    const root = tracked();
    writeFileSync(join(root, 'weights.bin'), '');
    truncateSync(join(root, 'weights.bin'), 51 * 1024 * 1024); // sparse: fast, but 51 MiB for stat
    expect(found(root, 'F5')).toEqual(['F5 error -:1']);
    expect(diags(root, 'F5')[0].message).toContain('weights.bin (51.0 MiB)');
    writeFileSync(join(root, '.difyignore'), '*.bin\n');
    expect(found(root, 'F5')).toEqual([]);
  });

  it('warns about a .venv/ the packager would pack', () => {
    const root = tracked();
    mkdirSync(join(root, '.venv/lib'), { recursive: true });
    expect(found(root, 'F5')).toEqual(['F5 warning -:1']);
    writeFileSync(join(root, '.difyignore'), '.venv/\n');
    expect(found(root, 'F5')).toEqual([]);
  });
});

describe('F6 ignore file', () => {
  it('reports excluded icons, sources and model files at the pattern line; "!" lines meant to keep a needed file are warnings', () => {
    const ignore = '# packaging\n*.svg\n!_assets/icon.svg\nmodels/\n';
    const root = tracked({ files: { '.difyignore': ignore } });
    expect(found(root, 'F6')).toEqual(['F6 error .difyignore:2', 'F6 warning .difyignore:3', 'F6 error .difyignore:4']);
    const messages = diags(root, 'F6').map((d) => d.message);
    expect(messages[0]).toContain('excludes _assets/icon.svg (the icon named by manifest.yaml icon; install fails');
    expect(messages[1]).toContain('never re-includes');
    expect(messages[1]).toContain('line 2 still excludes it');
    // One finding for models/, naming what it hides.
    expect(messages[2]).toContain('models/llm/_position.yaml');
    expect(messages[2]).toContain('models/llm/llm.py');
    expect(messages[2]).toContain('models/llm/acme-chat.yaml');
  });

  it('uses .gitignore only when there is no .difyignore', () => {
    const root = tracked({ files: { '.gitignore': 'provider/\n' } });
    expect(found(root, 'F6')).toEqual(['F6 error .gitignore:1']);
    expect(diags(root, 'F6')[0].message).toContain('.gitignore (used because there is no .difyignore)');
    writeFileSync(join(root, '.difyignore'), '.venv/\n');
    expect(found(root, 'F6')).toEqual([]);
    // A .difyignore the daemon cannot read as a file (a folder) sends it back to .gitignore.
    rmSync(join(root, '.difyignore'));
    mkdirSync(join(root, '.difyignore'));
    expect(found(root, 'F6')).toEqual(['F6 error .gitignore:1']);
  });

  it('is an error to exclude the only dependency file, a warning for the README', () => {
    const root = tracked({ files: { '.difyignore': 'requirements.txt\n/README.md\n' } });
    expect(found(root, 'F6')).toEqual(['F6 error .difyignore:1', 'F6 warning .difyignore:2']);
  });

  // chuizi (official, not in the corpus) ships requirements.txt and keeps pyproject.toml out of the package.
  it('is info to exclude one dependency file while the package keeps the other', () => {
    const both = { 'pyproject.toml': '[project]\nname = "acme"\nversion = "0.0.1"\ndependencies = ["dify_plugin>=0.9.0"]\n' };
    const root = tracked({ files: { ...both, '.difyignore': '.env\npyproject.toml\ntests/\n' } });
    expect(found(root, 'F6')).toEqual(['F6 info .difyignore:2']);
    expect(diags(root, 'F6')[0].message).toContain('the packaged plugin installs from requirements.txt instead');
    expect(found(tracked({ files: { ...both, '.difyignore': 'requirements.txt\n' } }), 'F6')).toEqual(['F6 info .difyignore:1']);
    expect(found(tracked({ files: { ...both, '.difyignore': 'requirements.txt\npyproject.toml\n' } }), 'F6')).toEqual(['F6 error .difyignore:1', 'F6 error .difyignore:2']);
  });

  it('a "!" line for a file nothing needs is silent; uv.lock excluded (the old init template) is info', () => {
    expect(found(tracked({ files: { '.difyignore': '*.md\n!docs/notes.md\n!README.md\n' } }), 'F6')).toEqual(['F6 warning .difyignore:1', 'F6 warning .difyignore:3']);
    expect(found(tracked({ files: { '.difyignore': '!CHANGELOG.md\n' } }), 'F6')).toEqual([]);
    expect(found(tracked({ files: { 'uv.lock': 'version = 1\n', '.difyignore': 'uv.lock\n' } }), 'F6')).toEqual(['F6 info .difyignore:1']);
  });

  it('accepts the official ignore file', () => {
    const official = '.env\n*.difypkg\n.venv/\n__pycache__/\n*.py[cod]\n.pytest_cache/\n.ruff_cache/\n.difyignore\n';
    expect(found(tracked({ files: { '.difyignore': official } }), 'F6')).toEqual([]);
  });
});

describe('F8 YAML files no glob reaches', () => {
  it('warns once per folder of unreached files', () => {
    const root = tracked({ files: { 'models/llm/extra/a.yaml': 'model: a\n', 'models/llm/extra/b.yaml': 'model: b\n' } });
    expect(found(root, 'F8')).toEqual(['F8 warning models/llm/extra/a.yaml:1']);
    expect(diags(root, 'F8')[0].message).toContain('2 YAML files in models/llm/extra/');
  });

  it('reports a broken unreached file as a warning at its YAML error, and the YAML rules stay quiet', () => {
    const root = tracked({ files: { 'models/tts/broken.yaml': 'model: x\nmodel_type: [tts\n' } });
    const [d] = diags(root, 'F8');
    expect(`${d.ruleId} ${d.severity} ${d.file}`).toBe('F8 warning models/tts/broken.yaml');
    expect(d.line).toBeGreaterThan(1);
    expect(d.message).toContain('harmless while nothing loads it, which is why this is a warning');
    expect(found(root, 'Y2')).toEqual([]);
    expect(found(tracked(), 'F8')).toEqual([]);
  });
});

describe('F10 placeholder files from dify plugin init', () => {
  it('the template icon and the template PRIVACY.md are warnings', () => {
    const root = tracked({
      files: {
        '_assets/icon.svg': '<svg xmlns="http://www.w3.org/2000/svg"><!-- DIFY_MARKETPLACE_TEMPLATE_ICON_DO_NOT_USE --></svg>\n',
        'PRIVACY.md': '## Privacy\n\n!!! Please fill in the privacy policy of the plugin.\n',
      },
    });
    expect(found(root, 'F10')).toEqual(['F10 warning PRIVACY.md:3', 'F10 warning _assets/icon.svg:1']);
    expect(found(tracked(), 'F10')).toEqual([]);
  });
});
