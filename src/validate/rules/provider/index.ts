// Provider-file rules (P1-P10, P13, P18; reference §5). Most are JSON Schema constraints in
// schemas/provider.schema.json (the schema stage reports under these ids); `check` adds the
// messages that need the file's content. P5 is registered once, by rules/cross/icons.ts (the file
// existence half); its shape half (icon values are file names relative to _assets/) is the
// provider schema's `assetFile` constraint, reported under P5 by the schema stage. P11, P12,
// P14-P17 and P19 are cross-file rules (rules/cross).
import type { Rule } from '../../rule.js';
import { schemaRule } from '../../schema/schema-rule.js';
import { checkModelsShape } from './models-shape.js';
import { checkToolCredentialKeys } from './tool-credentials.js';
import { checkBackground } from './background.js';
import { checkEmptyOptions } from './empty-options.js';

export const providerRules: Rule[] = [
  schemaRule('P1', 'error', 'provider `provider` is a non-empty string of at most 127 characters.'),
  schemaRule('P2', 'error', 'provider `label` is present; `label`/`description` are I18nObjects; `background` is a quoted colour.', checkBackground),
  schemaRule('P3', 'error', 'provider `supported_model_types` is a list (at most 16) of model types in the hyphen spelling (text2img: warning).'),
  schemaRule('P4', 'error', 'provider `configurate_methods` lists predefined-model and/or customizable-model (empty: warning).'),
  schemaRule('P6', 'error', 'provider `help` has `title` and `url`, both I18nObjects.'),
  schemaRule('P7', 'error', 'provider_credential_schema has a credential_form_schemas list (more than 32 fields: warning).'),
  schemaRule('P8', 'error', 'model_credential_schema has model.label and a credential_form_schemas list (more than 32 fields: warning).'),
  schemaRule('P9', 'error', 'credential form fields: variable, label, one of the 5 types, boolean required, string default, options and show_on well formed; a select/radio has options.', checkEmptyOptions),
  schemaRule('P10', 'warning', 'credential form fields say `required:` explicitly (the daemon defaults to false, the SDK to true).'),
  schemaRule('P13', 'error', 'provider `models` is absent or a mapping of the six underscore keys to {predefined: [globs], position: path}.', checkModelsShape),
  schemaRule('P18', 'warning', 'provider keys Dify ignores: tool-provider keys (credentials_for_provider: error without a credential schema), top-level position, unknown keys.', checkToolCredentialKeys),
];
