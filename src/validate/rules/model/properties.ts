// D8: the model_properties each model type relies on (reference §6.5). No component requires
// them and the SDK falls back to a working default without them (one text per embedding request,
// no preset voice...), so a missing one is info that says what Dify does without it. A value that
// is present but malformed breaks the SDK's reads, so that is a warning. LLM properties are D7.
import { isRecord } from '../../../plugin/load.js';
import type { RuleContext } from '../../rule.js';
import { modelDocs } from './files.js';

/** Per model type: property → what happens without it. */
const RECOMMENDED: Record<string, Record<string, string>> = {
  'text-embedding': {
    context_size: 'Dify assumes 1000 tokens and truncates longer texts',
    max_chunks: 'Dify embeds one text per request, the default',
  },
  rerank: { context_size: 'Dify cannot tell how long documents may be' },
  tts: {
    voices: 'the voice list is empty and filtering voices by language fails',
    default_voice: 'no voice is preselected',
    audio_type: 'the audio has no MIME type',
    word_limit: 'long texts are not split per request',
    max_workers: 'the text parts are not synthesised in parallel',
  },
  speech2text: {
    file_upload_limit: 'Dify does not know the upload size limit (MB)',
    supported_file_extensions: 'Dify does not know which audio formats to accept',
  },
  // moderation: max_chunks/max_characters_per_chunk are read by nothing in the SDK or the daemon.
};

const COUNTS = ['context_size', 'max_chunks', 'file_upload_limit', 'max_characters_per_chunk', 'word_limit', 'max_workers'];
const AUDIO_TYPES = ['mp3', 'wav', 'ogg', 'aac', 'mp4'];

export function checkRecommendedProperties(ctx: RuleContext): void {
  for (const { file, data } of modelDocs(ctx)) {
    const props = data.model_properties;
    if (!isRecord(props) || typeof data.model_type !== 'string') continue;
    const type = data.model_type;
    const at = (key: string) => (Object.prototype.hasOwnProperty.call(props, key) ? ['model_properties', key] : ['model_properties']);

    const wanted = RECOMMENDED[type] ?? {};
    const missing = Object.keys(wanted).filter((k) => props[k] === undefined || props[k] === null);
    if (missing.length > 0) {
      const list = missing.map((k) => `${k} (without it ${wanted[k]})`).join(', ');
      ctx.report({
        file,
        path: ['model_properties'],
        part: 'key',
        severity: 'info',
        group: `missing:${type}:${missing.join(',')}`,
        message: `A ${type} model can declare ${list}. Add ${missing.length === 1 ? 'it' : 'them'} under model_properties.`,
      });
    }

    for (const key of COUNTS) {
      const v = props[key];
      if (v === undefined || v === null) continue;
      if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
        ctx.report({ file, path: at(key), message: `model_properties.${key} is ${JSON.stringify(v)}; Dify reads it as a count, so write a positive whole number without quotes.` });
      }
    }

    if (type === 'tts') checkVoices(ctx, file, props);
    if (type === 'speech2text' && props.supported_file_extensions !== undefined && typeof props.supported_file_extensions !== 'string') {
      ctx.report({ file, path: at('supported_file_extensions'), message: 'model_properties.supported_file_extensions is one comma-separated text, e.g. "flac,mp3,mp4,wav", not a list.' });
    }
  }
}

function checkVoices(ctx: RuleContext, file: Parameters<RuleContext['report']>[0]['file'], props: Record<string, unknown>): void {
  const audio = props.audio_type;
  if (audio !== undefined && audio !== null && !AUDIO_TYPES.includes(String(audio))) {
    ctx.report({ file, path: ['model_properties', 'audio_type'], message: `model_properties.audio_type "${String(audio)}" has no MIME type in the SDK; use one of ${AUDIO_TYPES.join(', ')}.` });
  }
  const voices = props.voices;
  if (voices === undefined || voices === null) return;
  if (!Array.isArray(voices)) {
    ctx.report({ file, path: ['model_properties', 'voices'], message: 'model_properties.voices is a list of {mode, name, language: [locale, ...]}.' });
    return;
  }
  const modes: string[] = [];
  voices.forEach((voice, i) => {
    const problems: string[] = [];
    if (!isRecord(voice)) problems.push('is not a mapping');
    else {
      if (typeof voice.mode !== 'string' || voice.mode === '') problems.push('has no `mode` (the voice id sent to the API)');
      else modes.push(voice.mode);
      if (typeof voice.name !== 'string' || voice.name === '') problems.push('has no `name`');
      if (!Array.isArray(voice.language) || !voice.language.every((l) => typeof l === 'string')) problems.push('has no `language` list (filtering voices by language assumes one)');
    }
    if (problems.length > 0) {
      ctx.report({ file, path: ['model_properties', 'voices', i], message: `Voice ${i + 1} ${problems.join(', ')}. Write each voice as {mode: alloy, name: Alloy, language: [en-US]}.` });
    }
  });
  const def = props.default_voice;
  if (typeof def === 'string' && modes.length > 0 && !modes.includes(def)) {
    ctx.report({ file, path: ['model_properties', 'default_voice'], message: `model_properties.default_voice "${def}" is not the mode of any voice; use one of ${modes.join(', ')}.` });
  }
}
