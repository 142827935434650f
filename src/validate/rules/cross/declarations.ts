// Consistency between the provider YAML and the model YAML files (reference §5.4, §8.5):
// P19 configurate_methods ⇒ companion fields; X1 model types are supported; X4 unique models;
// X6 mapping key ↔ model_type.
import type { Rule } from '../../rule.js';
import { getPath, isRecord, type ModelFileRef } from '../../../plugin/load.js';
import { isModelType, isModelTypeKey, keyToType, typeToKey, type ModelType } from '../../../plugin/model-types.js';

export const configurateCompanions: Rule = {
  id: 'P19',
  description: 'predefined-model comes with provider_credential_schema and at least one model file; customizable-model with model_credential_schema.',
  severity: 'warning',
  check(ctx) {
    const { plugin } = ctx;
    const provider = plugin.provider;
    const methods = getPath(provider?.data, ['configurate_methods']);
    if (!provider || !Array.isArray(methods)) return;
    methods.forEach((m, i) => {
      const at = { file: provider, path: ['configurate_methods', i] };
      if (m === 'predefined-model') {
        if (!isRecord(getPath(provider.data, ['provider_credential_schema']))) {
          ctx.report({ ...at, message: 'configurate_methods has predefined-model but there is no provider_credential_schema, so Dify shows no form to enter the provider credentials. Add provider_credential_schema.credential_form_schemas (e.g. an api_key secret-input).' });
        }
        if (plugin.modelFiles.length === 0) {
          ctx.report({ ...at, message: 'configurate_methods has predefined-model but no model YAML file is reached by models.<key>.predefined, so Dify has no model to list. Add model files and globs (e.g. models.llm.predefined: ["models/llm/*.yaml"]), or use customizable-model only.' });
        }
      } else if (m === 'customizable-model') {
        if (!isRecord(getPath(provider.data, ['model_credential_schema']))) {
          ctx.report({ ...at, message: 'configurate_methods has customizable-model but there is no model_credential_schema, so Dify has no form to add a model. Add model_credential_schema with model.label and credential_form_schemas.' });
        }
      }
    });
  },
};

function modelTypeOf(m: ModelFileRef): ModelType | undefined {
  const t = getPath(m.yaml.data, ['model_type']);
  return isModelType(t) ? t : undefined;
}

export const supportedModelTypes: Rule = {
  id: 'X1',
  description: "Each model YAML's model_type is listed in the provider's supported_model_types.",
  severity: 'error',
  check(ctx) {
    const { plugin } = ctx;
    const supported = getPath(plugin.provider?.data, ['supported_model_types']);
    if (!Array.isArray(supported)) return; // the schema reports a missing or misshapen list
    const list = supported.filter((t): t is string => typeof t === 'string');
    for (const m of plugin.modelFiles) {
      const t = modelTypeOf(m);
      if (!t || list.includes(t)) continue;
      const underscore = list.includes(typeToKey(t)) && typeToKey(t) !== t;
      const hint = underscore
        ? ` supported_model_types lists "${typeToKey(t)}": model-type values use the hyphen spelling, write "${t}".`
        : ` Add "${t}" to supported_model_types, or remove the file from the globs.`;
      ctx.report({
        file: m.yaml,
        path: ['model_type'],
        message: `model_type "${t}" is not in the provider's supported_model_types (${list.join(', ') || 'empty'}); Dify lists the model but ModelProvider.models("${t}") returns nothing, so it cannot be used.${hint}`,
      });
    }
  },
};

export const duplicateModels: Rule = {
  id: 'X4',
  description: 'No two model files declare the same (model_type, model), and no file is loaded twice by overlapping globs.',
  severity: 'warning',
  check(ctx) {
    const { plugin } = ctx;
    const first = new Map<string, ModelFileRef>();
    for (const m of plugin.modelFiles) {
      const sdk = m.globs.filter((g) => g.sdkMatches.includes(m.yaml.path));
      const daemon = m.globs.filter((g) => g.daemonMatches.includes(m.yaml.path));
      const twice = sdk.length > 1 ? sdk : daemon.length > 1 ? daemon : undefined;
      if (twice) {
        ctx.report({
          file: m.yaml,
          path: ['model'],
          group: 'loaded-twice',
          message: `${m.yaml.path} is matched by ${twice.length} predefined patterns (${twice.map((g) => `models.${g.key}: "${g.pattern}"`).join(', ')}), so Dify loads it ${twice.length} times and declares a duplicate model. Make the patterns disjoint.`,
        });
      }
      const name = getPath(m.yaml.data, ['model']);
      const type = getPath(m.yaml.data, ['model_type']);
      if (typeof name !== 'string' || typeof type !== 'string') continue;
      const key = `${type}\0${name}`;
      const prev = first.get(key);
      if (!prev) {
        first.set(key, m);
        continue;
      }
      ctx.report({
        file: m.yaml,
        path: ['model'],
        group: 'duplicate-model',
        message: `${type} model "${name}" is also declared in ${prev.yaml.path} (line ${prev.yaml.locate(['model']).line}); both copies are sent to Dify and get_model_schema keeps only the last. Rename one, or delete the duplicate file.`,
      });
    }
  },
};

export const mappingKeyMatchesType: Rule = {
  id: 'X6',
  description: 'The models.<key> a file is globbed under matches its model_type (underscore key ↔ hyphen type).',
  severity: 'warning',
  check(ctx) {
    const { plugin } = ctx;
    for (const m of plugin.modelFiles) {
      const t = modelTypeOf(m);
      if (!t) continue;
      const keys = [...new Set(m.globs.map((g) => g.key))].filter(isModelTypeKey);
      for (const key of keys) {
        if (keyToType(key) === t) continue;
        ctx.report({
          file: m.yaml,
          path: ['model_type'],
          group: 'key-mismatch',
          message: `${m.yaml.path} has model_type "${t}" but is globbed under models.${key} (the key for ${keyToType(key)} models). It still works as a ${t} model, but models.${key}'s position list and grouping do not apply to it. Move it under models.${typeToKey(t)} (keys use the underscore spelling: ${typeToKey(t)}).`,
        });
      }
    }
  },
};
