// The `data` of each model action, exactly as Dify's daemon sends it (protocol reference §6):
// nullable-but-required keys are always present, `input_type` is always sent (required since SDK
// 0.10), audio is hex.
import type { ModelType } from '../../plugin/model-types.js';
import type { Credentials } from '../credentials/index.js';

/** The user id Dify would put in every model action; the OpenAI-compatible classes forward it upstream. */
export const SMOKE_USER = 'model-plugin-smoke';

export interface ModelRef {
  provider: string;
  type: ModelType;
  model: string;
  credentials: Credentials;
}

function common(action: string, m: ModelRef): Record<string, unknown> {
  return { type: 'model', action, user_id: SMOKE_USER, provider: m.provider, model_type: m.type, model: m.model, credentials: m.credentials };
}

export const requests = {
  validateProvider: (provider: string, credentials: Credentials) => ({
    type: 'model',
    action: 'validate_provider_credentials',
    user_id: SMOKE_USER,
    provider,
    credentials,
  }),
  validateModel: (m: ModelRef) => common('validate_model_credentials', m),
  invokeLlm: (m: ModelRef, prompt: string) => ({
    ...common('invoke_llm', m),
    prompt_messages: [{ role: 'user', content: prompt }],
    model_parameters: {},
    stop: null,
    tools: null,
    stream: true,
  }),
  // Polling models (features: polling): Dify starts a task, then checks it with the plugin's state.
  startPolling: (m: ModelRef, prompt: string) => ({
    ...common('start_polling', m),
    prompt_messages: [{ role: 'user', content: prompt }],
    model_parameters: {},
    stop: null,
    tools: null,
    stream: false,
  }),
  checkPolling: (m: ModelRef, state: Record<string, unknown>) => ({ ...common('check_polling', m), plugin_state: state }),
  llmNumTokens: (m: ModelRef, prompt: string) => ({
    ...common('get_llm_num_tokens', m),
    prompt_messages: [{ role: 'user', content: prompt }],
    tools: null,
  }),
  embed: (m: ModelRef, texts: string[]) => ({ ...common('invoke_text_embedding', m), texts, input_type: 'document' }),
  rerank: (m: ModelRef, query: string, docs: string[]) => ({
    ...common('invoke_rerank', m),
    query,
    docs,
    score_threshold: null,
    top_n: null,
  }),
  ttsVoices: (m: ModelRef) => ({ ...common('get_tts_model_voices', m), language: null }),
  tts: (m: ModelRef, text: string, voice: string) => ({
    ...common('invoke_tts', m),
    content_text: text,
    voice,
    tenant_id: 'model-plugin-smoke-tenant',
  }),
  speech2text: (m: ModelRef, audio: Buffer) => ({ ...common('invoke_speech2text', m), file: audio.toString('hex') }),
  moderation: (m: ModelRef, text: string) => ({ ...common('invoke_moderation', m), text }),
};

/** Inputs of the smoke run. Fixed, so results are comparable from run to run. */
export const SMOKE_INPUT = {
  prompt: 'Say hello in one short sentence.',
  embeddingTexts: ['Dify model plugins answer over stdio.', 'The quick brown fox jumps over the lazy dog.'],
  rerankQuery: 'What is the capital of France?',
  rerankDocs: [
    'Berlin is the capital of Germany.',
    'Paris is the capital and largest city of France.',
    'The Eiffel Tower is a landmark in Paris.',
  ],
  ttsText: 'Hello from the model plugin smoke test.',
  moderationText: 'A friendly message about gardening.',
};
