// What the dify_plugin SDK provides to model plugins (dify-plugin-sdks: src/dify_plugin/interfaces/
// model/*.py and openai_compatible/*.py; the same in 0.7.x and 0.10.x): each class's bases, the
// methods it leaves abstract and those it implements. Only the names that decide whether a plugin's
// class is found and can be instantiated are listed.
import type { ModelType } from '../../plugin/model-types.js';

export interface SdkClass {
  bases: string[];
  /** Abstract methods/properties declared here. */
  abstract: string[];
  /** Abstract names this class implements. */
  concrete: string[];
  /** The model type the SDK registers a subclass under (its `model_type` attribute). */
  modelType?: ModelType;
}

export const SDK_CLASSES: Record<string, SdkClass> = {
  AIModel: { bases: [], abstract: ['validate_credentials', '_invoke_error_mapping'], concrete: [] },
  LargeLanguageModel: { bases: ['AIModel'], abstract: ['_invoke', 'get_num_tokens'], concrete: [], modelType: 'llm' },
  TextEmbeddingModel: { bases: ['AIModel'], abstract: ['_invoke', 'get_num_tokens'], concrete: [], modelType: 'text-embedding' },
  RerankModel: { bases: ['AIModel'], abstract: ['_invoke'], concrete: [], modelType: 'rerank' },
  Speech2TextModel: { bases: ['AIModel'], abstract: ['_invoke'], concrete: [], modelType: 'speech2text' },
  TTSModel: { bases: ['AIModel'], abstract: ['_invoke'], concrete: [], modelType: 'tts' },
  ModerationModel: { bases: ['AIModel'], abstract: ['_invoke'], concrete: [], modelType: 'moderation' },
  ModelProvider: { bases: [], abstract: ['validate_provider_credentials'], concrete: [] },
  OAICompatProvider: { bases: ['ModelProvider'], abstract: [], concrete: ['validate_provider_credentials'] },
  _CommonOaiApiCompat: { bases: [], abstract: [], concrete: ['_invoke_error_mapping'] },
  OAICompatLargeLanguageModel: {
    bases: ['_CommonOaiApiCompat', 'LargeLanguageModel'],
    abstract: [],
    concrete: ['_invoke', 'get_num_tokens', 'validate_credentials'],
  },
  OAICompatEmbeddingModel: {
    bases: ['_CommonOaiApiCompat', 'TextEmbeddingModel'],
    abstract: [],
    concrete: ['_invoke', 'get_num_tokens', 'validate_credentials'],
  },
  OAICompatRerankModel: { bases: ['RerankModel'], abstract: [], concrete: ['_invoke', 'validate_credentials', '_invoke_error_mapping'] },
  OAICompatSpeech2TextModel: { bases: ['_CommonOaiApiCompat', 'Speech2TextModel'], abstract: [], concrete: ['_invoke', 'validate_credentials'] },
  OAICompatText2SpeechModel: { bases: ['_CommonOaiApiCompat', 'TTSModel'], abstract: [], concrete: ['_invoke', 'validate_credentials'] },
};

/** The six bases the SDK registers model classes under (strict subclasses only). */
export const MODEL_BASES = ['LargeLanguageModel', 'TextEmbeddingModel', 'RerankModel', 'TTSModel', 'Speech2TextModel', 'ModerationModel'];

/** `from dify_plugin import *` brings in the top-level `__all__`. */
export const SDK_TOP_LEVEL_ALL = [
  'AgentProvider',
  'AgentStrategy',
  'DifyPluginEnv',
  'Endpoint',
  'File',
  'LargeLanguageModel',
  'ModelProvider',
  'ModerationModel',
  'OAICompatEmbeddingModel',
  'OAICompatLargeLanguageModel',
  'OAICompatProvider',
  'OAICompatRerankModel',
  'OAICompatSpeech2TextModel',
  'OAICompatText2SpeechModel',
  'Plugin',
  'RerankModel',
  'Speech2TextModel',
  'TTSModel',
  'TextEmbeddingModel',
  'Tool',
  'ToolProvider',
  'get_current_session',
];

export function isSdkModule(module: string): boolean {
  return module === 'dify_plugin' || module.startsWith('dify_plugin.');
}

/** Builtins a class may derive from; they add nothing the SDK looks for. */
export const BUILTIN_BASES = new Set(['object', 'Exception', 'BaseException', 'ValueError', 'RuntimeError', 'dict', 'list', 'str', 'int', 'tuple', 'set', 'type']);
