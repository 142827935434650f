// The author's control over the validator: .model-plugin.yaml or package.json turns rules off or
// changes their severity, `# model-plugin-disable-next-line` silences one line, and names that are
// no rule are reported where they are written (C1, C2).
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { BASE_FILES, makePlugin } from '../helpers/fixture.js';
import { brief, diagnosticsOf } from '../helpers/validate.js';
import { validatePlugin } from '../../src/validate/pipeline.js';
import { validatePlugins } from '../../src/validate/index.js';

/** A plugin with a P10 warning (a field without `required:` and without a default) at provider/acme.yaml:30 and a Y7 warning. */
function pluginWith(files: Record<string, string> = {}): string {
  return makePlugin({
    files: {
      'provider/acme.yaml': BASE_FILES['provider/acme.yaml'].replace('      required: false\n', '').replace('      default: "https://api.example.com/v1"\n', ''),
      'manifest.yaml': BASE_FILES['manifest.yaml'] + 'x_reviewed: no\n',
      ...files,
    },
  });
}

const ids = (root: string) => diagnosticsOf(root).map((d) => `${d.ruleId} ${d.severity}`);

describe('configuration', () => {
  it('without configuration both warnings are reported', () => {
    expect(ids(pluginWith())).toEqual(expect.arrayContaining(['P10 warning', 'Y7 warning']));
  });

  it('.model-plugin.yaml turns a rule off and changes a severity, by id or by name', () => {
    const root = pluginWith({ '.model-plugin.yaml': '# team settings\nrules:\n  P10: off\n  yaml-ambiguous-scalar: error\n' });
    const found = ids(root);
    expect(found).not.toContain('P10 warning');
    expect(found).toContain('Y7 error');
    expect(found.filter((x) => x.startsWith('C'))).toEqual([]);
  });

  it('.model-plugin.yml, warn and 0 are accepted too', () => {
    const root = pluginWith({ '.model-plugin.yml': 'rules: {credential-required-explicit: 0, Y7: warn, M17: info}\n' });
    const found = ids(root);
    expect(found).not.toContain('P10 warning');
    expect(found).toContain('Y7 warning');
  });

  it('a "model-plugin" key in package.json works the same', () => {
    const root = pluginWith({ 'package.json': JSON.stringify({ name: 'x', 'model-plugin': { rules: { P10: 'off', Y7: 'error' } } }, null, 2) });
    expect(ids(root)).not.toContain('P10 warning');
    expect(ids(root)).toContain('Y7 error');
  });

  it('a package.json without the key is no configuration, and .model-plugin.yaml wins over it', () => {
    expect(ids(pluginWith({ 'package.json': '{"name": "x"}' }))).toContain('P10 warning');
    const root = pluginWith({ 'package.json': '{"model-plugin": {"rules": {"P10": "error"}}}', '.model-plugin.yaml': 'rules: {P10: off}\n' });
    expect(ids(root).filter((x) => x.startsWith('P10'))).toEqual([]);
  });

  it('reports unknown ids, bad settings and unknown keys at their line (C1), and applies the rest', () => {
    const root = pluginWith({ '.model-plugin.yaml': 'rules:\n  P10: off\n  P99: off\n  Y7: sometimes\nignore: [x]\n' });
    const c1 = diagnosticsOf(root).filter((d) => d.ruleId === 'C1');
    expect(c1.map(brief)).toEqual(['C1 .model-plugin.yaml:3', 'C1 .model-plugin.yaml:4', 'C1 .model-plugin.yaml:5']);
    expect(c1[0]).toMatchObject({ column: 3, severity: 'warning' });
    expect(c1[0].message).toMatch(/"P99" is not a rule id or name/);
    expect(c1[1].message).toMatch(/"sometimes" is not a setting; use off, info, warning or error/);
    expect(c1[2].message).toMatch(/"ignore" is not a configuration key/);
    expect(ids(root)).not.toContain('P10 warning');
    expect(ids(root)).toContain('Y7 warning');
  });

  it('reports an unknown id in package.json at its line', () => {
    const pkg = '{\n  "name": "x",\n  "model-plugin": {\n    "rules": {\n      "nonsense-rule": "off"\n    }\n  }\n}\n';
    const c1 = diagnosticsOf(pluginWith({ 'package.json': pkg })).filter((d) => d.ruleId === 'C1');
    expect(c1.map(brief)).toEqual(['C1 package.json:5']);
    expect(c1[0].message).toMatch(/"nonsense-rule" is not a rule id or name/);
  });

  it('a configuration that does not parse is one C1 finding, and nothing of it is applied', () => {
    const root = pluginWith({ '.model-plugin.yaml': 'rules:\n  P10: off\n  Y7: [error\n' });
    const found = diagnosticsOf(root);
    const c1 = found.filter((d) => d.ruleId === 'C1');
    expect(c1).toHaveLength(1);
    expect(c1[0].message).toMatch(/YAML syntax error.*The configuration was not applied/);
    expect(found.map((d) => d.ruleId)).toContain('P10');
  });

  it('a duplicate key is reported, and the last value counts (as the SDK reads YAML)', () => {
    const root = pluginWith({ '.model-plugin.yaml': 'rules:\n  P10: error\n  P10: off\n' });
    const found = diagnosticsOf(root);
    expect(found.filter((d) => d.ruleId === 'C1').map(brief)).toEqual(['C1 .model-plugin.yaml:3']);
    expect(found.map((d) => d.ruleId)).not.toContain('P10');
  });

  it('is searched from the plugin root up to the folder the user passed, and no further', async () => {
    const root = pluginWith();
    const repo = dirname(root);
    writeFileSync(join(repo, '.model-plugin.yaml'), 'rules: {P10: off}\n');
    // Passed the folder above: its configuration applies, reported paths are relative to the root.
    const fromRepo = await validatePlugins([repo]);
    expect(fromRepo.plugins[0].diagnostics.map((d) => d.ruleId)).not.toContain('P10');
    // Passed the plugin itself: the folder above is outside what the user named, so it is not read.
    const fromRoot = await validatePlugins([root]);
    expect(fromRoot.plugins[0].diagnostics.map((d) => d.ruleId)).toContain('P10');
    // Without paths (invoke's in-process validation), only the plugin root is searched.
    expect(validatePlugin(root).result.diagnostics.map((d) => d.ruleId)).toContain('P10');
  });

  it('a problem in a configuration above the root is reported with its path from the root', async () => {
    const root = pluginWith();
    writeFileSync(join(dirname(root), '.model-plugin.yaml'), 'rules: {X99: off}\n');
    const result = await validatePlugins([dirname(root)]);
    const c1 = result.plugins[0].diagnostics.filter((d) => d.ruleId === 'C1');
    expect(c1.map(brief)).toEqual(['C1 ../.model-plugin.yaml:1']);
  });

  it('the JSON schema in schemas/ accepts what the loader accepts and refuses the rest', () => {
    const require = createRequire(import.meta.url);
    const Ajv = require('ajv').default;
    const schema = JSON.parse(readFileSync(join(import.meta.dirname, '../../schemas/model-plugin-config.schema.json'), 'utf8'));
    const validate = new Ajv({ strict: false }).compile(schema);
    expect(validate({ rules: { P10: 'off', Y7: 'error', 'provider-models-shape': 'warn', M17: 0, D13: false, I3: 'info' } })).toBe(true);
    expect(validate({ $schema: 'x', rules: {} })).toBe(true);
    expect(validate({ rules: { P10: 'sometimes' } })).toBe(false);
    expect(validate({ rules: { 'Not A Rule!': 'off' } })).toBe(false);
    expect(validate({ ignore: ['x'] })).toBe(false);
  });
});

describe('# model-plugin-disable-next-line', () => {
  const provider = (comment: string) =>
    pluginWith({
      'provider/acme.yaml': BASE_FILES['provider/acme.yaml']
        .replace('      required: false\n', '').replace('      default: "https://api.example.com/v1"\n', '')
        .replace('    - variable: endpoint_url\n', `    ${comment}\n    - variable: endpoint_url\n`),
    });

  it('silences the named rule on the next line only, by id or name, with a reason after --', () => {
    for (const comment of ['# model-plugin-disable-next-line P10', '# model-plugin-disable-next-line credential-required-explicit -- optional on purpose', '#model-plugin-disable-next-line Y7, P10']) {
      const found = diagnosticsOf(provider(comment));
      expect(found.map((d) => d.ruleId), comment).not.toContain('P10');
      expect(found.map((d) => d.ruleId)).toContain('Y7'); // in the manifest: untouched
    }
  });

  it('without names it silences every rule on that line; naming another rule silences nothing', () => {
    expect(diagnosticsOf(provider('# model-plugin-disable-next-line')).map((d) => d.ruleId)).not.toContain('P10');
    expect(diagnosticsOf(provider('# model-plugin-disable-next-line Y7')).map((d) => d.ruleId)).toContain('P10');
  });

  it('reports a name that is no rule at its column (C2), and still applies the known ones', () => {
    const found = diagnosticsOf(provider('# model-plugin-disable-next-line P10, P1O'));
    expect(found.map((d) => d.ruleId)).not.toContain('P10');
    const c2 = found.filter((d) => d.ruleId === 'C2');
    expect(c2).toHaveLength(1);
    expect(c2[0]).toMatchObject({ file: 'provider/acme.yaml', severity: 'warning', column: 43, endColumn: 46 });
    expect(c2[0].message).toMatch(/"P1O" in model-plugin-disable-next-line is not a rule id or name/);
  });

  it('a disable comment in a model file works too, and the configuration can turn C2 off', () => {
    const root = pluginWith({
      'models/llm/acme-chat.yaml': BASE_FILES['models/llm/acme-chat.yaml'] + '# model-plugin-disable-next-line D13 bogus\nx_note: hi\n',
      '.model-plugin.yaml': 'rules: {C2: off}\n',
    });
    const found = diagnosticsOf(root).filter((d) => d.file === 'models/llm/acme-chat.yaml');
    expect(found).toEqual([]);
  });

  it('text that only looks like a directive (in a value) does nothing', () => {
    const root = pluginWith({ 'models/llm/acme-chat.yaml': BASE_FILES['models/llm/acme-chat.yaml'] + 'x_note: "# model-plugin-disable-next-line"\nx_other: 1\n' });
    expect(diagnosticsOf(root).filter((d) => d.file === 'models/llm/acme-chat.yaml').map((d) => d.ruleId)).toEqual(['D13', 'D13']);
  });
});
