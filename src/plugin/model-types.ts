// Dify's model types in their two spellings (reference §0.3, §6.2): the hyphen form is the
// model-type *value* (model_type, supported_model_types, __model_type), the underscore form is a
// *key* (provider `models` mapping, positions, manifest permissions, conventional folder names).

export const MODEL_TYPES = ['llm', 'text-embedding', 'rerank', 'speech2text', 'tts', 'moderation'] as const;
export type ModelType = (typeof MODEL_TYPES)[number];

export const MODEL_TYPE_KEYS = ['llm', 'text_embedding', 'rerank', 'speech2text', 'tts', 'moderation'] as const;
export type ModelTypeKey = (typeof MODEL_TYPE_KEYS)[number];

export function typeToKey(type: ModelType): ModelTypeKey {
  return type === 'text-embedding' ? 'text_embedding' : type;
}

export function keyToType(key: ModelTypeKey): ModelType {
  return key === 'text_embedding' ? 'text-embedding' : key;
}

export function isModelType(v: unknown): v is ModelType {
  return typeof v === 'string' && (MODEL_TYPES as readonly string[]).includes(v);
}

export function isModelTypeKey(v: unknown): v is ModelTypeKey {
  return typeof v === 'string' && (MODEL_TYPE_KEYS as readonly string[]).includes(v);
}

/** The SDK base class each model type's source must derive from (reference §8.4). */
export const SDK_BASE_CLASS: Record<ModelType, string> = {
  llm: 'LargeLanguageModel',
  'text-embedding': 'TextEmbeddingModel',
  rerank: 'RerankModel',
  speech2text: 'Speech2TextModel',
  tts: 'TTSModel',
  moderation: 'ModerationModel',
};
