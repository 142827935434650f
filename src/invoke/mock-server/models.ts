// The model names `--mock` invents when a plugin has no predefined model of a type.
export const MOCK_MODELS = ['mock-llm', 'mock-text-embedding', 'mock-rerank', 'mock-tts', 'mock-speech2text', 'mock-moderation'];

/** The dummy key --mock puts into the credentials. */
export const MOCK_API_KEY = 'sk-model-plugin-mock';
