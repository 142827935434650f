// Rule ids and names are a public interface (configuration, disable comments, README anchors):
// every rule has both, they are unique, and once published they do not change.
import { describe, expect, it } from 'vitest';
import { RULES, findRule } from '../../src/validate/rules/index.js';
import { RULE_NAMES } from '../../src/validate/rules/names.js';
import { readmeUrlOf, ruleDocsUrl } from '../../src/validate/rule-docs.js';

// The published pairs. Add new rules here; never change or remove a line.
const PUBLISHED = `
Y1 yaml-duplicate-key
Y2 yaml-syntax
Y3 yaml-not-text
Y4 yaml-too-large
Y5 yaml-resource-bomb
Y6 yaml-byte-order-mark
Y7 yaml-ambiguous-scalar
M1 manifest-version
M2 manifest-type
M3 manifest-author
M4 manifest-name
M5 manifest-label
M6 manifest-icon
M7 manifest-memory
M8 manifest-permissions
M9 manifest-plugins
M10 manifest-meta-version
M11 manifest-arch
M12 manifest-runner
M13 manifest-minimum-dify-version
M14 manifest-created-at
M15 manifest-tags
M16 manifest-repo
M17 manifest-ignored-keys
I1 i18n-object
I2 i18n-text-length
I3 i18n-dropped-language
P1 provider-name
P2 provider-label
P3 provider-supported-model-types
P4 provider-configurate-methods
P6 provider-help
P7 provider-credential-schema
P8 model-credential-schema
P9 credential-form-fields
P10 credential-required-explicit
P13 provider-models-shape
P18 provider-ignored-keys
D1 model-file-mapping
D2 model-name-and-type
D3 model-labels
D4 model-features
D5 model-fetch-from
D6 model-properties-keys
D7 llm-mode-context-size
D8 model-properties-needed
D9 parameter-rules-shape
D10 parameter-rules-consistent
D11 model-pricing
D12 model-deprecated
D13 model-ignored-keys
P5 icon-files
P11 credential-show-on
P12 credential-unique-variable
P14 predefined-globs
P15 position-files
P16 python-sources-exist
P17 python-module-names
P19 configurate-methods-schemas
X1 model-type-supported
X2 provider-class
X3 abstract-methods
X4 duplicate-models
X5 position-reach
X6 glob-key-model-type
X7 model-classes
F1 assets-folder
F2 entrypoint-files
F3 readme-files
F4 privacy-file
F5 package-size
F6 ignore-file
F7 paths-inside-root
F8 unreached-model-files
F9 provider-file-exists
C1 config-file
C2 disable-comment
`;

describe('rule ids and names', () => {
  it('every rule has a kebab-case name (in src/validate/rules/names.ts, or `name` in its module)', () => {
    for (const r of RULES) {
      expect(RULE_NAMES[r.id] ?? r.name, `rule ${r.id} has no name: add it to src/validate/rules/names.ts`).not.toBe(r.id.toLowerCase());
      expect(r.name).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
    }
  });

  it('ids and names are unique, and no name looks like an id', () => {
    const keys = RULES.flatMap((r) => [r.id, r.name]);
    expect(new Set(keys).size).toBe(keys.length);
    for (const r of RULES) expect(r.name).not.toMatch(/^[a-z]{1,2}\d+$/);
  });

  it('published ids keep their names', () => {
    const current = new Map(RULES.map((r) => [r.id, r.name]));
    for (const line of PUBLISHED.trim().split('\n')) {
      const [id, name] = line.split(' ');
      expect(current.get(id), `rule ${id}`).toBe(name);
    }
  });

  it('finds a rule by id (any case) or by name', () => {
    expect(findRule('P13')?.name).toBe('provider-models-shape');
    expect(findRule('p13')?.id).toBe('P13');
    expect(findRule('provider-models-shape')?.id).toBe('P13');
    expect(findRule('P99')).toBeUndefined();
  });

  it('links each rule to its README anchor, at the address package.json gives', () => {
    expect(ruleDocsUrl('P13')).toBe('https://www.npmjs.com/package/create-model-plugin#rule-p13');
    expect(readmeUrlOf({ name: 'x', homepage: 'https://example.org/docs#readme' })).toBe('https://example.org/docs');
    expect(readmeUrlOf({ name: 'x', repository: { url: 'git+https://github.com/acme/model-plugin.git' } })).toBe('https://github.com/acme/model-plugin');
    expect(readmeUrlOf({ name: 'x', repository: 'github:acme/model-plugin' })).toBe('https://github.com/acme/model-plugin');
    expect(readmeUrlOf({ name: 'x' })).toBe('https://www.npmjs.com/package/x');
  });
});
