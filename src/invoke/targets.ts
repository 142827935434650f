// Which (model type, model) pairs to invoke, and which credential form each one uses: a predefined
// model of a provider configured with `predefined-model` takes the provider's credentials
// (validate_provider_credentials); any other model is a customizable one with per-model
// credentials (validate_model_credentials).
import { UsageError } from '../cli/errors.js';
import { MODEL_TYPES, isModelType, type ModelType } from '../plugin/model-types.js';
import type { PluginInfo } from './plugin-info.js';

export interface Target {
  type: ModelType;
  model: string;
  form: 'provider' | 'model';
  /** For TTS: the model YAML's default voice, used when the plugin lists no voices. */
  defaultVoice?: string;
  /** From the predefined model's YAML (text-embedding): texts per call. */
  maxChunks?: number;
  /** From the predefined model's YAML (tts). */
  audioType?: string;
  /** From the predefined model's YAML (llm): a polling model (start_polling, check_polling). */
  polling?: boolean;
}

export interface ModelChoice {
  /** `--model name`: for every type. */
  any?: string;
  /** `--model type=name`. */
  byType: Partial<Record<ModelType, string>>;
}

/** Parses repeated --model values: `name` (all types) or `<type>=name`. */
export function parseModelFlags(values: string[]): ModelChoice {
  const choice: ModelChoice = { byType: {} };
  for (const v of values) {
    const eq = v.indexOf('=');
    const type = eq > 0 ? v.slice(0, eq) : '';
    if (isModelType(type)) {
      const name = v.slice(eq + 1);
      if (!name) throw new UsageError(`--model ${v}: the model name after "=" is empty.`);
      choice.byType[type] = name;
    } else if (choice.any !== undefined) {
      throw new UsageError(`--model was given twice without a type (${choice.any}, ${v}); use --model <type>=<name> per type, e.g. --model llm=${choice.any}.`);
    } else {
      if (!v) throw new UsageError('--model needs a model name.');
      choice.any = v;
    }
  }
  return choice;
}

/** A declared type left out of a default run: no model of it exists to call. */
export interface Unservable {
  type: ModelType;
  reason: string;
}

/**
 * `unservable`, when given, collects the declared types a default run (no --type, no --model) cannot
 * call because the provider has no model of them at all (predefined-model only, no YAML of the
 * type): Dify shows such a type empty. The other types still run. Without it, or when the type was
 * asked for, that is a usage error.
 */
export function resolveTargets(info: PluginInfo, types: ModelType[] | undefined, models: ModelChoice, mock: boolean, unservable?: Unservable[]): Target[] {
  const where = info.providerFile || 'the provider YAML';
  if (info.supportedTypes.length === 0) {
    throw new UsageError(`${where}: supported_model_types lists no model type (${MODEL_TYPES.join(', ')}), so there is nothing to invoke.`);
  }
  const chosen = types ?? info.supportedTypes;
  for (const t of chosen) {
    if (!info.supportedTypes.includes(t)) {
      throw new UsageError(`--type ${t}: provider "${info.provider}" does not declare it (supported_model_types in ${where}: ${info.supportedTypes.join(', ')}).`);
    }
  }
  const defaultRun = types === undefined && models.any === undefined;
  const servable = chosen.filter((type) => {
    const none = !info.customizableMethod && models.byType[type] === undefined && !info.predefined.some((m) => m.type === type);
    if (!none || !defaultRun || !unservable) return true;
    unservable.push({ type, reason: `provider "${info.provider}" declares ${type} but has no ${type} model: no model YAML with model_type: ${type} is reached by the globs under models: in ${where}, and configurate_methods has no customizable-model` });
    return false;
  });
  if (servable.length === 0 && unservable && unservable.length > 0) {
    throw new UsageError(`provider "${info.provider}" has no model of any type it declares (${unservable.map((u) => u.type).join(', ')}): no model YAML is reached by the globs under models: in ${where}. Add one, or add customizable-model to configurate_methods.`);
  }
  return servable.map((type) => {
    const predefinedOfType = info.predefined.filter((m) => m.type === type);
    let model = models.byType[type] ?? models.any ?? predefinedOfType[0]?.model;
    if (model === undefined) {
      if (!info.customizableMethod) {
        throw new UsageError(`provider "${info.provider}" has no predefined ${type} model (no model YAML with model_type: ${type} is reached by the globs under models: in ${where}). Add one, or add customizable-model to configurate_methods.`);
      }
      if (!mock) {
        throw new UsageError(`provider "${info.provider}" has no predefined ${type} model (customizable-model only): say which model to call with --model <name>, or --model ${type}=<name> per type.`);
      }
      // The mock upstream answers any model name; some plugins check its shape (owner/name).
      model = info.ownerSlashName ? `mock/mock-${type}` : `mock-${type}`;
    }
    const predefined = predefinedOfType.find((m) => m.model === model);
    const props = { defaultVoice: predefined?.defaultVoice, maxChunks: predefined?.maxChunks, audioType: predefined?.audioType, ...(predefined?.polling ? { polling: true } : {}) };
    if (predefined && info.predefinedMethod) return { type, model, form: 'provider', ...props };
    if (info.customizableMethod) return { type, model, form: 'model', ...props };
    const names = predefinedOfType.map((m) => m.model);
    throw new UsageError(
      `"${model}" is not a predefined ${type} model of provider "${info.provider}", and the provider does not offer customizable-model.` +
        (names.length ? ` Predefined ${type} models: ${names.join(', ')}.` : ''),
    );
  });
}
