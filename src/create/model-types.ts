// What the scaffolder needs to know of each model type, on top of the shared vocabulary in
// src/plugin/model-types.ts: the hyphen `value` (model_type, supported_model_types) and the
// underscore `key` (models mapping, permission keys, directory names) come from there.
import { typeToKey, type ModelType, type ModelTypeKey } from '../plugin/model-types.js';

export type ModelTypeValue = ModelType;

export interface ModelTypeInfo {
  value: ModelTypeValue;
  key: ModelTypeKey;
  /** Human name shown in prompts and comments. */
  title: string;
  /** Suffix of the generated model class name, e.g. `AcmeLargeLanguageModel`. */
  classSuffix: string;
  /** Name of the first predefined model when the author gives none. */
  defaultModel: string;
}

export const MODEL_TYPES: readonly ModelTypeInfo[] = [
  { value: 'llm', key: typeToKey('llm'), title: 'LLM (chat / completion)', classSuffix: 'LargeLanguageModel', defaultModel: 'example-chat' },
  { value: 'text-embedding', key: typeToKey('text-embedding'), title: 'Text embedding', classSuffix: 'TextEmbeddingModel', defaultModel: 'example-embedding' },
  { value: 'rerank', key: typeToKey('rerank'), title: 'Rerank', classSuffix: 'RerankModel', defaultModel: 'example-rerank' },
  { value: 'tts', key: typeToKey('tts'), title: 'Text to speech', classSuffix: 'Text2SpeechModel', defaultModel: 'example-tts' },
  { value: 'speech2text', key: typeToKey('speech2text'), title: 'Speech to text', classSuffix: 'Speech2TextModel', defaultModel: 'example-transcribe' },
  { value: 'moderation', key: typeToKey('moderation'), title: 'Moderation', classSuffix: 'ModerationModel', defaultModel: 'example-moderation' },
];

export const MODEL_TYPE_VALUES: readonly ModelTypeValue[] = MODEL_TYPES.map((t) => t.value);

/** Accepts either spelling (`text-embedding` or `text_embedding`); undefined when unknown. */
export function findModelType(name: string): ModelTypeInfo | undefined {
  const wanted = name.trim().toLowerCase();
  return MODEL_TYPES.find((t) => t.value === wanted || t.key === wanted);
}

/** Sorts types into the catalogue order so output does not depend on the order typed. */
export function sortTypes(types: Iterable<ModelTypeInfo>): ModelTypeInfo[] {
  const set = new Set(types);
  return MODEL_TYPES.filter((t) => set.has(t));
}
