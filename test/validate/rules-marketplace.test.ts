// `validate --marketplace`: per MK rule a broken case (the rule reports, at the right place and
// severity) and the fixed case (a Marketplace-ready plugin: no MK finding at all, and no core one).
import { describe, expect, it } from 'vitest';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { makePlugin, BASE_FILES } from '../helpers/fixture.js';
import { validatePlugin, validatePluginAsync } from '../../src/validate/pipeline.js';
import type { Diagnostic } from '../../src/validate/diagnostic.js';

const READY: Record<string, string> = {
  'manifest.yaml': BASE_FILES['manifest.yaml'].replace('meta:\n', 'meta:\n  minimum_dify_version: 1.10.0\n') + 'repo: https://github.com/acme/acme-dify\ncontact: team@acme.example\n',
  'README.md': '# Acme\n\nSource: https://github.com/acme/acme-dify\n\n## Setup\n\nInstall the plugin, then configure your API key and the endpoint (base URL).\n\n## Usage\n\nUse the models in any workflow.\n',
  'PRIVACY.md': '# Privacy\n\nThe plugin sends prompts to the Acme API and does not store them.\n',
  '.difyignore': '.env\n.venv/\n__pycache__/\n*.difypkg\n',
};

function mk(root: string): Diagnostic[] {
  return validatePlugin(root, { marketplace: true }).result.diagnostics;
}
const ids = (ds: Diagnostic[]) => ds.map((d) => d.ruleId);

/** A Marketplace-ready plugin with one change; returns only the findings of `id`. */
function broken(id: string, files: Record<string, string | Buffer> = {}, remove: string[] = []): Diagnostic[] {
  const root = makePlugin({ files: { ...READY, ...files }, remove });
  return mk(root).filter((d) => d.ruleId === id);
}

describe('validate --marketplace', () => {
  it('a Marketplace-ready plugin has no finding at all (the fixed case of every rule)', () => {
    const root = makePlugin({ files: READY });
    expect(mk(root)).toEqual([]);
  });

  it('plain validate does not run MK rules, and does not warn about `contact` or a URL privacy', () => {
    const root = makePlugin({ files: { ...READY, 'manifest.yaml': READY['manifest.yaml'].replace('privacy: PRIVACY.md', 'privacy: https://acme.example/privacy') } });
    expect(validatePlugin(root).result.diagnostics).toEqual([]);
  });

  it('MK7 blocked folder, MK8 review folder, MK9 .env, MK10 blocked suffix, MK11 archive', () => {
    expect(broken('MK7', { '.difyignore': '', 'node_modules/x/index.js': '' }).map((d) => [d.file, d.severity])).toEqual([['node_modules/', 'error']]);
    expect(broken('MK8', { 'build/lib.py': '' }).map((d) => [d.file, d.severity])).toEqual([['build/', 'warning']]);
    const env = broken('MK9', { '.difyignore': '', '.env': 'API_KEY=x\n' });
    expect(env.map((d) => [d.file, d.severity, d.hideSource])).toEqual([['.env', 'error', true]]);
    expect(broken('MK9', { '.env.example': 'API_KEY=\n' })).toEqual([]);
    expect(broken('MK10', { 'certs/server.pem': 'x' }).map((d) => d.file)).toEqual(['certs/server.pem']);
    expect(broken('MK11', { 'data/a.zip': 'x' }).map((d) => [d.file, d.severity])).toEqual([['data/a.zip', 'warning']]);
    // Fixed: excluded by .difyignore, nothing is reported.
    expect(broken('MK10', { 'certs/server.pem': 'x', '.difyignore': READY['.difyignore'] + 'certs/\n' })).toEqual([]);
  });

  it('MK13 total size and MK14 file count', () => {
    expect(broken('MK13', { 'data/big.bin': Buffer.alloc(51 * 1024 * 1024) }).map((d) => d.message)).toEqual([expect.stringMatching(/more than the 52428800 bytes/)]);
    const many: Record<string, string> = {};
    for (let i = 0; i < 5001; i++) many[`data/f${i}.txt`] = '';
    expect(broken('MK14', many).map((d) => d.message)).toEqual([expect.stringMatching(/too many files: 50\d\d files/)]);
  });

  it('MK15 private key, MK16 vendor token, MK17 secret assignment (error / warning / skipped), never quoting the line', () => {
    expect(broken('MK15', { 'keys.txt': 'x\n-----BEGIN RSA PRIVATE KEY-----\n' }).map((d) => [d.file, d.line, d.hideSource])).toEqual([['keys.txt', 2, true]]);
    const gh = broken('MK16', { 'config.yaml': 'token_hint: ghp_abcdefghijklmnopqrstuvwxyz0123\n' });
    expect(gh.map((d) => d.message)).toEqual([expect.stringContaining('GitHub token: ghp_...0123')]);
    expect(broken('MK17', { 'config.yaml': 'api_key: "Zq8vN3kP1xR7tY4mW9bL2cF6"\n' }).map((d) => d.severity)).toEqual(['error']);
    expect(broken('MK17', { 'config.yaml': 'password: hunter2hunter2\n' }).map((d) => d.severity)).toEqual(['warning']);
    // Code expressions, numbers and placeholders are not secrets.
    expect(broken('MK17', { 'x.py': 'api_key = credentials.get("api_key")\n', 'c.yaml': 'max_tokens: 4096\napi_key: <your-api-key>\n' })).toEqual([]);
  });

  it('MK18 daemon binary name, MK19 magic bytes (warning inside a wheel folder), MK20 native suffix, MK21 script', () => {
    expect(broken('MK18', { 'bin/dify-plugin-linux-amd64': 'x' }).map((d) => d.file)).toEqual(['bin/dify-plugin-linux-amd64']);
    expect(broken('MK19', { 'tool': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0]) }).map((d) => d.severity)).toEqual(['error']);
    expect(broken('MK19', { 'wheels/x.whl/lib': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0]) }).map((d) => d.severity)).toEqual(['warning']);
    expect(broken('MK20', { 'native/ext.so': 'x' }).map((d) => d.severity)).toEqual(['error']);
    expect(broken('MK21', { 'scripts/run.sh': 'echo' }).map((d) => d.severity)).toEqual(['warning']);
  });

  it('MK24 privacy, repo and contact are required; MK25 minimum_dify_version is recommended', () => {
    const m = BASE_FILES['manifest.yaml'].replace('privacy: PRIVACY.md\n', '');
    expect(broken('MK24', { 'manifest.yaml': m }).map((d) => d.message.split(' —')[0])).toEqual(['missing required field: privacy', 'missing required field: repo', 'missing required field: contact']);
    expect(broken('MK25', { 'manifest.yaml': BASE_FILES['manifest.yaml'] + 'repo: https://github.com/a/b\ncontact: a@b.co\n' }).map((d) => d.severity)).toEqual(['warning']);
  });

  it('MK26 author containing dify or langgenius', () => {
    const m = READY['manifest.yaml'].replace('author: acme', 'author: difyfan');
    expect(broken('MK26', { 'manifest.yaml': m }).map((d) => d.line)).toEqual([3]);
  });

  it('MK28 repo host: other hosts are errors; gitlab.anchnet.com is refused with the sources-disagree note', () => {
    expect(broken('MK28', { 'manifest.yaml': READY['manifest.yaml'].replace('https://github.com/acme/acme-dify', 'https://example.com/acme') }).map((d) => d.message)).toEqual([expect.stringContaining('is on example.com')]);
    expect(broken('MK28', { 'manifest.yaml': READY['manifest.yaml'].replace('https://github.com/acme/acme-dify', 'https://gitlab.anchnet.com/acme/x') }).map((d) => d.message)).toEqual([expect.stringContaining('stricter side')]);
  });

  it('MK29 contact must be an e-mail address', () => {
    expect(broken('MK29', { 'manifest.yaml': READY['manifest.yaml'].replace('team@acme.example', 'acme team') }).length).toBe(1);
  });

  it('MK30 PRIVACY.md must exist even when privacy is a URL (stricter side), and must be packaged', () => {
    const url = READY['manifest.yaml'].replace('privacy: PRIVACY.md', 'privacy: https://acme.example/privacy');
    expect(broken('MK30', { 'manifest.yaml': url }, ['PRIVACY.md']).map((d) => d.message)).toEqual([expect.stringContaining('even though manifest privacy is a URL')]);
    // One problem, one finding: the core F4 warning is not repeated under --marketplace.
    expect(ids(mk(makePlugin({ files: READY, remove: ['PRIVACY.md'] })))).toEqual(['MK30']);
    expect(broken('MK30', { 'manifest.yaml': url })).toEqual([]);
    expect(broken('MK30', { '.difyignore': 'PRIVACY.md\n' }).map((d) => d.file)).toEqual(['.difyignore']);
  });

  it('MK31 privacy reference: other schemes, missing files and paths out of the package', () => {
    const with_ = (v: string) => ({ 'manifest.yaml': READY['manifest.yaml'].replace('privacy: PRIVACY.md', `privacy: ${v}`) });
    expect(broken('MK31', with_('ftp://acme.example/p')).map((d) => d.message)).toEqual([expect.stringContaining('must start with http')]);
    expect(broken('MK31', with_('docs/policy.md')).map((d) => d.message)).toEqual([expect.stringContaining('missing file')]);
    expect(broken('MK31', with_('../policy.md')).map((d) => d.message)).toEqual([expect.stringContaining('inside the package')]);
    expect(broken('MK31', { ...with_('./docs/policy.md'), 'docs/policy.md': READY['PRIVACY.md'] })).toEqual([]);
  });

  it('MK32 privacy content: empty, Dify\'s placeholder, create-model-plugin\'s placeholder (errors), no disclosure words (warning)', () => {
    expect(broken('MK32', { 'PRIVACY.md': '  \n' }).map((d) => d.message)).toEqual([expect.stringContaining('is empty')]);
    expect(broken('MK32', { 'PRIVACY.md': '# Privacy\n\n!!! Please fill in the privacy policy of the plugin.\n' }).map((d) => [d.line, d.severity])).toEqual([[3, 'error']]);
    expect(broken('MK32', { 'PRIVACY.md': '# P\n<!-- TODO: describe how your service handles data. -->\nWe send nothing.\n' }).map((d) => d.line)).toEqual([2]);
    expect(broken('MK32', { 'PRIVACY.md': '# Privacy\n\nWe are nice people.\n' }).map((d) => d.severity)).toEqual(['warning']);
  });

  it('MK34 template icons (Dify marker, create-model-plugin placeholder), MK35 the legacy default icon', () => {
    // One finding per icon file, at the manifest's reference when it has one.
    expect(broken('MK34', { '_assets/icon.svg': '<svg><!-- DIFY_MARKETPLACE_TEMPLATE_ICON_DO_NOT_USE --></svg>' }).map((d) => [d.file, d.line])).toEqual([['manifest.yaml', 9]]);
    const provider = BASE_FILES['provider/acme.yaml'].replace('icon_large:\n  en_US: icon.svg', 'icon_large:\n  en_US: large.svg');
    const both = broken('MK34', { 'provider/acme.yaml': provider, '_assets/large.svg': '<svg><!-- Placeholder icon: replace it with your logo --></svg>' });
    expect(both.map((d) => [d.file, d.line])).toEqual([['provider/acme.yaml', 9]]);
    expect(both[0].message).toMatch(/create-model-plugin's placeholder icon.*stricter side/);
    const legacy = '<svg width="100" height="100" xmlns="http://www.w3.org/2000/svg">\n  <path d="M20 20 V80 M20 20 H60 Q80 20 80 40 T60 60 H20" fill="none" stroke="black" stroke-width="5"/>\n</svg>\n';
    expect(broken('MK35', { '_assets/icon.svg': legacy }).length).toBe(1);
  });

  it('MK48 every packaged .py compiles: under --marketplace any syntax error is an error, reported once (X8 gives way)', async () => {
    const findings = async (files: Record<string, string>, marketplace: boolean) =>
      (await validatePluginAsync(makePlugin({ files: { ...READY, ...files } }), { marketplace })).result.diagnostics.map((d) => `${d.ruleId} ${d.severity} ${d.file}:${d.line}`);
    const script = { 'scripts/tool.py': 'x = 1\ndef f(:\n    pass\n' };
    expect(await findings(script, false)).toEqual(['X8 warning scripts/tool.py:2']); // nothing loads it: Dify runs fine
    expect(await findings(script, true)).toEqual(['MK48 error scripts/tool.py:2']); // compileall refuses the package
    const model = { 'models/llm/llm.py': BASE_FILES['models/llm/llm.py'] + '\n    def broken(self:\n        pass\n' };
    expect(await findings(model, true)).toEqual([`MK48 error models/llm/llm.py:${BASE_FILES['models/llm/llm.py'].split('\n').length + 1}`]);
    expect(await findings({}, true)).toEqual([]);
  });

  it('MK36 README packaged and not blank, MK37 source link, MK38 English, MK39 names, MK40 sections', () => {
    expect(broken('MK36', { 'README.md': '\n\n' }).map((d) => d.message)).toEqual([expect.stringContaining('README.md is empty')]);
    expect(broken('MK36', { '.difyignore': 'README.md\n' }).map((d) => d.file)).toEqual(['.difyignore']);
    expect(broken('MK37', { 'README.md': READY['README.md'].replace('https://github.com/acme/acme-dify', 'https://acme.example') }).length).toBe(1);
    const zh = broken('MK38', { 'README.md': READY['README.md'] + '\n中文说明\n\n```\n代码\n```\n' });
    expect(zh.map((d) => [d.line, d.message.match(/has (\d+) Han/)![1]])).toEqual([[13, '4']]);
    expect(broken('MK38', { 'README.md': READY['README.md'] + '\n```\n代码\n```\nカタカナ\n' })).toEqual([]);
    expect(broken('MK39', { 'README-ja.md': '# x\n' }).map((d) => [d.file, d.severity])).toEqual([['README-ja.md', 'warning']]);
    expect(broken('MK39', { 'readme/README_ja_JP.md': '# x\n' })).toEqual([]);
    expect(broken('MK40', { 'README.md': '# Acme\n\nSee the examples and get an API key. https://github.com/acme/acme-dify\n' }).map((d) => d.message.split(' (')[0])).toEqual(['README.md may be missing setup instructions', 'README.md may be missing connection requirements']);
  });

  it('MK41-MK47 dependency policy in requirements.txt (with -r includes) and pyproject.toml', () => {
    const req = (s: string) => broken('ALL', {}) && mkIds({ 'requirements.txt': s });
    expect(req('dify_plugin>=0.9.0,<0.11.0\nfoo @ git+https://github.com/a/b\n')).toEqual(['MK41']);
    expect(req('dify_plugin>=0.9.0,<0.11.0\nbar @ https://x.example/bar.whl\n')).toEqual(['MK42']);
    expect(req('dify_plugin>=0.9.0,<0.11.0\n-e ./local\n')).toEqual(['MK43']);
    expect(req('dify_plugin>=0.9.0,<0.11.0\ntorch==2.5.0\n')).toEqual(['MK44']);
    expect(req('dify_plugin>=0.9\n')).toEqual(['MK45']);
    expect(req('dify_plugin~=0.9.0\n')).toEqual(['MK45']);
    expect(req('dify_plugin==0.9.1\nrequests\n')).toEqual(['MK46']);
    expect(req('dify_plugin==0.9.1\nrequests>=2\n')).toEqual(['MK47']);
    expect(req('-r more.txt\n')).toEqual(['MK43']);
    expect(mkIds({ 'requirements.txt': '-r more.txt\n', 'more.txt': 'dify_plugin>=0.9.0,<0.11.0\nhttpx\n' })).toEqual(['MK46']);
    const pyproject = '[project]\nname = "acme"\nversion = "0.0.1"\ndependencies = ["dify_plugin>=0.9.0,<0.11.0", "openai"]\n\n[dependency-groups]\ndev = ["pytest>=8"]\n';
    const found = broken('MK46', { 'pyproject.toml': pyproject });
    expect(found.map((d) => [d.file, d.line])).toEqual([['pyproject.toml', 4]]);
    expect(found[0].message).toMatch(/^pyproject\.toml:project\.dependencies\[1\]/);
    expect(broken('MK47', { 'pyproject.toml': pyproject }).map((d) => d.message)).toEqual([expect.stringMatching(/^pyproject\.toml:dependency-groups\.dev\[0\]/)]);
    expect(broken('MK46', { 'pyproject.toml': '[project\n' }).map((d) => d.message)).toEqual([expect.stringContaining('failed to parse pyproject.toml')]);
  });

  it('MK rules are configured by id or name like the core rules', () => {
    const m = BASE_FILES['manifest.yaml'] + 'repo: https://github.com/a/b\ncontact: a@b.co\n';
    expect(broken('MK25', { 'manifest.yaml': m, '.model-plugin.yaml': 'rules:\n  mk-minimum-dify-version: off\n' })).toEqual([]);
    expect(broken('MK25', { 'manifest.yaml': m, '.model-plugin.yaml': 'rules:\n  MK25: error\n' }).map((d) => d.severity)).toEqual(['error']);
  });

  it('reports a symlinked secret file under its packaged name', () => {
    const root = makePlugin({ files: { ...READY, '.difyignore': '', 'real/.env': 'X=1\n' } });
    symlinkSync('real/.env', join(root, '.env'));
    expect(mk(root).filter((d) => d.ruleId === 'MK9').map((d) => d.file)).toEqual(['.env', 'real/.env']);
  });
});

/** MK ids reported for a Marketplace-ready plugin with these files changed. */
function mkIds(files: Record<string, string>): string[] {
  const root = makePlugin({ files: { ...READY, ...files } });
  return ids(mk(root).filter((d) => d.ruleId.startsWith('MK')));
}
