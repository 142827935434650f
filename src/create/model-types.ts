// The six model types a Dify model plugin can provide, in the two spellings Dify uses:
// the hyphen `value` (model_type, supported_model_types) and the underscore `key` (models
// mapping, permission keys, directory names). See the format reference §0.3 / §6.2.

export type ModelTypeValue = 'llm' | 'text-embedding' | 'rerank' | 'tts' | 'speech2text' | 'moderation';

export interface ModelTypeInfo {
  value: ModelTypeValue;
  key: string;
  /** Human name shown in prompts and comments. */
  title: string;
  /** Suffix of the generated model class name, e.g. `AcmeLargeLanguageModel`. */
  classSuffix: string;
  /** Name of the first predefined model when the author gives none. */
  defaultModel: string;
}

export const MODEL_TYPES: readonly ModelTypeInfo[] = [
  { value: 'llm', key: 'llm', title: 'LLM (chat / completion)', classSuffix: 'LargeLanguageModel', defaultModel: 'example-chat' },
  { value: 'text-embedding', key: 'text_embedding', title: 'Text embedding', classSuffix: 'TextEmbeddingModel', defaultModel: 'example-embedding' },
  { value: 'rerank', key: 'rerank', title: 'Rerank', classSuffix: 'RerankModel', defaultModel: 'example-rerank' },
  { value: 'tts', key: 'tts', title: 'Text to speech', classSuffix: 'Text2SpeechModel', defaultModel: 'example-tts' },
  { value: 'speech2text', key: 'speech2text', title: 'Speech to text', classSuffix: 'Speech2TextModel', defaultModel: 'example-transcribe' },
  { value: 'moderation', key: 'moderation', title: 'Moderation', classSuffix: 'ModerationModel', defaultModel: 'example-moderation' },
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
