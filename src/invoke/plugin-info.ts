// What invoke needs from a loaded plugin: the entry module, the provider name, its model types,
// credential form schemas and predefined models. Read defensively: validation ran first, but a
// plugin with warnings only may still have odd shapes.
import type { LoadedPlugin } from '../plugin/load.js';
import { getPath, isRecord } from '../plugin/load.js';
import { isModelType, typeToKey, type ModelType } from '../plugin/model-types.js';

export interface FormOption {
  value: string;
  label: string;
  /** Conditions under which the UI offers the option (e.g. `__model_type: llm`). */
  showOn: { variable: string; value: string }[];
}

export interface FormField {
  variable: string;
  label: string;
  type: string; // text-input, secret-input, select, radio, switch
  /** Dify's UI treats a missing `required` as false (the daemon's default). */
  required: boolean;
  default: string | undefined;
  /** The UI's example text (en_US), a hint of the value's shape. */
  placeholder?: string;
  options: FormOption[];
  showOn: { variable: string; value: string }[];
}

export interface PredefinedModel {
  model: string;
  type: ModelType;
  /** Model YAML path relative to the root. */
  file: string;
  defaultVoice: string | undefined;
  /** model_properties.max_chunks (text-embedding): how many texts Dify sends per call. */
  maxChunks?: number;
  /** model_properties.audio_type (tts): the container Dify expects, e.g. mp3. */
  audioType?: string;
  /** features lists `polling` (llm): Dify starts a task and checks it, not invoke_llm. */
  polling?: boolean;
}

export interface PluginInfo {
  root: string;
  pluginName: string;
  entrypoint: string;
  provider: string;
  providerFile: string;
  supportedTypes: ModelType[];
  predefinedMethod: boolean;
  customizableMethod: boolean;
  /** `provider_credential_schema.credential_form_schemas`, or null when the provider has none. */
  providerForm: FormField[] | null;
  /** `model_credential_schema.credential_form_schemas`, or null. */
  modelForm: FormField[] | null;
  predefined: PredefinedModel[];
  /**
   * A customizable model's name must be `owner/name` (Replicate's `{user_name}/{model_name}`), as the
   * model form's example or the model sources' messages say: `--mock` then names it `mock/mock-<type>`.
   */
  ownerSlashName?: boolean;
}

export function pluginInfo(plugin: LoadedPlugin): PluginInfo {
  const manifest = plugin.manifest?.data;
  const provider = plugin.provider?.data;
  const methods = asArray(getPath(provider, ['configurate_methods']));
  return {
    root: plugin.root,
    pluginName: str(getPath(manifest, ['name'])) ?? '(unnamed)',
    entrypoint: str(getPath(manifest, ['meta', 'runner', 'entrypoint'])) ?? 'main',
    provider: str(getPath(provider, ['provider'])) ?? '',
    providerFile: plugin.provider?.path ?? '',
    supportedTypes: asArray(getPath(provider, ['supported_model_types'])).filter(isModelType),
    predefinedMethod: methods.includes('predefined-model'),
    customizableMethod: methods.includes('customizable-model'),
    providerForm: form(getPath(provider, ['provider_credential_schema'])),
    modelForm: form(getPath(provider, ['model_credential_schema'])),
    predefined: predefinedModels(plugin),
    ...(methods.includes('customizable-model') && ownerSlashName(plugin, provider) ? { ownerSlashName: true } : {}),
  };
}

/** `{user_name}/{model_name}`, `owner/model`, `{owner}/{name}`: a hint that names are owner/name. */
const OWNER_SLASH_NAME = /[{<]?\b(?:user|owner|org|organization|account|namespace)(?:_?name)?[}>]?\s*\/\s*[{<]?(?:model|name|repo)(?:_?name)?\b[}>]?/i;

function ownerSlashName(plugin: LoadedPlugin, provider: unknown): boolean {
  const model = getPath(provider, ['model_credential_schema', 'model']);
  const hints = isRecord(model) ? [i18n(model.label), i18n(model.placeholder)] : [];
  if (hints.some((h) => h !== undefined && OWNER_SLASH_NAME.test(h))) return true;
  // The model sources' own messages ("format: {user_name}/{model_name}"); read, never run.
  for (const file of asArray(getPath(provider, ['extra', 'python', 'model_sources']))) {
    if (typeof file !== 'string') continue;
    const text = plugin.fs.readText(file, 1 << 20);
    if (text !== undefined && OWNER_SLASH_NAME.test(text)) return true;
  }
  return false;
}

function form(schema: unknown): FormField[] | null {
  if (!isRecord(schema)) return null;
  return asArray(schema.credential_form_schemas).flatMap((item): FormField[] => {
    if (!isRecord(item) || typeof item.variable !== 'string' || !item.variable) return [];
    return [
      {
        variable: item.variable,
        label: i18n(item.label) ?? item.variable,
        type: str(item.type) ?? 'text-input',
        required: item.required === true,
        default: item.default === undefined || item.default === null ? undefined : String(item.default),
        placeholder: i18n(item.placeholder),
        options: asArray(item.options).flatMap((o) =>
          isRecord(o) && o.value !== undefined ? [{ value: String(o.value), label: i18n(o.label) ?? String(o.value), showOn: showOnOf(o.show_on) }] : [],
        ),
        showOn: showOnOf(item.show_on),
      },
    ];
  });
}

/** Predefined models in Dify's display order: `_position.yaml` first, then file order. */
function predefinedModels(plugin: LoadedPlugin): PredefinedModel[] {
  const models: PredefinedModel[] = [];
  for (const ref of plugin.modelFiles) {
    const d = ref.yaml.data;
    const type = getPath(d, ['model_type']);
    const model = getPath(d, ['model']);
    if (typeof model !== 'string' || !isModelType(type)) continue;
    if (models.some((m) => m.model === model && m.type === type)) continue;
    const voice = getPath(d, ['model_properties', 'default_voice']);
    const maxChunks = Number(getPath(d, ['model_properties', 'max_chunks']));
    const audioType = getPath(d, ['model_properties', 'audio_type']);
    const features = getPath(d, ['features']);
    models.push({
      model,
      type,
      file: ref.yaml.path,
      defaultVoice: typeof voice === 'string' ? voice : undefined,
      maxChunks: Number.isInteger(maxChunks) && maxChunks > 0 ? maxChunks : undefined,
      audioType: typeof audioType === 'string' ? audioType : undefined,
      ...(Array.isArray(features) && features.includes('polling') ? { polling: true } : {}),
    });
  }
  const rank = new Map<string, number>();
  for (const pos of plugin.globbedPositionFiles) {
    const list = plugin.fs.loadYaml(pos.path)?.data;
    if (Array.isArray(list)) list.forEach((name, i) => typeof name === 'string' && !rank.has(`${pos.key}\0${name}`) && rank.set(`${pos.key}\0${name}`, i));
  }
  const order = (m: PredefinedModel) => rank.get(`${typeToKey(m.type)}\0${m.model}`) ?? Number.MAX_SAFE_INTEGER;
  return models.map((m, i) => ({ m, i })).sort((a, b) => order(a.m) - order(b.m) || a.i - b.i).map(({ m }) => m);
}

function i18n(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (!isRecord(v)) return undefined;
  const en = v.en_US ?? Object.values(v)[0];
  return typeof en === 'string' ? en : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function showOnOf(value: unknown): { variable: string; value: string }[] {
  return asArray(value).flatMap((s) => (isRecord(s) && typeof s.variable === 'string' ? [{ variable: s.variable, value: String(s.value) }] : []));
}
