// Model-file rules (D1-D13; reference §6). Most are JSON Schema constraints in
// schemas/model.schema.json (the schema stage reports under these ids); `check` adds the
// consistency checks a schema cannot express.
import type { Rule } from '../../rule.js';
import { schemaRule } from '../../schema/schema-rule.js';
import { checkParameterRules } from './parameter-rules.js';
import { checkRecommendedProperties } from './properties.js';

export const modelRules: Rule[] = [
  schemaRule('D1', 'error', 'a model YAML file is a non-empty mapping.'),
  schemaRule('D2', 'error', 'model `model` is a non-empty string and `model_type` a model type in the hyphen spelling.'),
  schemaRule('D3', 'error', 'labels and help in model files are absent or I18nObjects with en_US.'),
  schemaRule('D4', 'error', 'model `features` are known feature names.'),
  schemaRule('D5', 'error', 'model `fetch_from` is predefined-model (customizable-model in a file: warning).'),
  schemaRule('D6', 'error', 'model `model_properties` is present and uses only the 11 known keys.'),
  schemaRule('D7', 'error', 'LLM `mode` is chat or completion; `context_size` is present (warning).'),
  schemaRule('D8', 'warning', 'model_properties a model type relies on are present and well formed (TTS voices, counts).', checkRecommendedProperties),
  schemaRule('D9', 'error', 'parameter rules: name, a known use_template, a type when no template, unquoted numbers and booleans, string options.'),
  schemaRule('D10', 'warning', 'parameter rules are consistent: min ≤ max, default in range/options/type, unique names, no default: null under a template.', checkParameterRules),
  schemaRule('D11', 'error', 'model `pricing` has input, unit and currency; prices are parseable decimals.'),
  schemaRule('D12', 'error', 'model `deprecated` is a boolean.'),
  schemaRule('D13', 'warning', 'keys Dify ignores in model files, parameter rules and pricing.'),
];
