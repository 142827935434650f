// The simplified provider.yaml of the seed document (../shared/seed/model-plugin-development.md) is
// what new authors copy. Each thing the runtime rejects in it is reported where it is written, with
// the replacement to write instead.
import { describe, expect, it } from 'vitest';
import { makePlugin } from '../helpers/fixture.js';
import { diagnosticsOf, brief } from '../helpers/validate.js';

const SEED_PROVIDER = `provider: my_provider
label:
  en_US: My Provider
icon_small:
  en_US: icon.svg
icon_large:
  en_US: icon.svg
supported_model_types:
  - llm
configurate_methods:
  - predefined-model

credentials_for_provider:
  api_key:
    type: secret-input
    required: true
    label:
      en_US: API Key

models:
  - models/llm/acme-chat.yaml
`;

describe('the seed document provider.yaml', () => {
  const errors = () =>
    diagnosticsOf(makePlugin({ files: { 'provider/acme.yaml': SEED_PROVIDER } })).filter((d) => d.severity === 'error');

  it('reports models-as-a-list with the mapping to write', () => {
    const d = errors().find((x) => x.ruleId === 'P13')!;
    expect(brief(d)).toBe('P13 provider/acme.yaml:21');
    expect(d.message).toMatch(/models should be a glob path list/);
    expect(d.message).toContain('models: {llm: {predefined: ["models/llm/*.yaml"]}}');
  });

  it('reports credentials_for_provider with the credential form schema to write', () => {
    const d = errors().find((x) => x.ruleId === 'P18')!;
    expect(brief(d)).toBe('P18 provider/acme.yaml:13');
    expect(d.message).toMatch(/no credential form/);
    expect(d.message).toContain('provider_credential_schema');
    expect(d.message).toContain('variable: api_key');
  });

  it('reports the missing extra.python that the SDK needs to load the provider', () => {
    const d = errors().find((x) => x.ruleId === 'P16')!;
    expect(brief(d)).toBe('P16 provider/acme.yaml:1');
    expect(d.message).toMatch(/extra is required/);
  });

  it('the migrated provider (the fixture) has no error', () => {
    expect(diagnosticsOf(makePlugin()).filter((d) => d.severity === 'error')).toEqual([]);
  });
});
