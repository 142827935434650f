// POST /audio/speech, /audio/transcriptions and /audio/translations (protocol reference §11.5,
// §11.6). Speech is a real file in the requested format (all six of OpenAI's) for a known voice;
// the transcription describes the uploaded file, in the requested response_format.
import type { Ctx } from '../dialect.js';
import { HttpError } from '../dialect.js';
import { requireString, sendJson } from '../http.js';
import { parseMultipart, type Part } from '../multipart.js';
import { sha256 } from '../deterministic.js';
import { wavInfo } from '../../audio.js';
import { SPEECH_FORMATS } from '../audio-formats.js';

/** OpenAI's voices; the mock also accepts the voices the plugin's model YAMLs list. */
export const OPENAI_VOICES = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'fable', 'onyx', 'nova', 'sage', 'shimmer', 'verse', 'marin', 'cedar'];

/** `defaultVoice`: for servers where `voice` is optional (OpenAI requires it). */
export function handleSpeech(c: Ctx, defaultVoice?: string): void {
  const body = c.json();
  requireString(body, 'model');
  const input = requireString(body, 'input');
  if (input.length > 4096) throw new HttpError(400, `'input' is too long: ${input.length} characters, at most 4096.`, 'input');
  const voice = body.voice ?? defaultVoice;
  const voiceName = typeof voice === 'string' ? voice : voice && typeof voice === 'object' ? (voice as { id?: unknown }).id : undefined;
  if (typeof voiceName !== 'string' || !voiceName) throw new HttpError(400, "Missing required parameter: 'voice'.", 'voice');
  if (c.settings.voices && voiceName !== defaultVoice && !OPENAI_VOICES.includes(voiceName) && !c.settings.voices.has(voiceName)) {
    const known = [...OPENAI_VOICES, ...c.settings.voices].map((v) => `'${v}'`).join(', ');
    throw new HttpError(400, `Invalid value: '${voiceName}'. Supported values are: ${known}.`, 'voice');
  }
  const format = body.response_format ?? 'mp3';
  const spec = typeof format === 'string' ? SPEECH_FORMATS[format] : undefined;
  if (!spec) {
    throw new HttpError(400, `Invalid value: ${JSON.stringify(format)}. Supported values are: ${Object.keys(SPEECH_FORMATS).map((f) => `'${f}'`).join(', ')}.`, 'response_format');
  }
  // About 60 ms per character, capped, so longer texts give longer audio.
  const seconds = Math.min(10, 0.3 + input.length * 0.06);
  const audio = spec.make(seconds);
  c.res.writeHead(200, { 'Content-Type': spec.mime, 'Content-Length': audio.length });
  c.res.end(audio);
}

function parts(c: Ctx): Map<string, Part> {
  return parseMultipart(c.raw, c.req.headers['content-type']);
}

export function transcriptionModel(c: Ctx): string | undefined {
  try {
    return parts(c).get('model')?.data.toString('utf8');
  } catch {
    return undefined;
  }
}

const TEXT_FORMATS = ['json', 'text', 'srt', 'verbose_json', 'vtt'];

export function handleTranscription(c: Ctx, task: 'transcribe' | 'translate'): void {
  const form = parts(c);
  const model = form.get('model');
  if (!model || model.data.length === 0) throw new HttpError(400, "Missing required parameter: 'model'.", 'model');
  const file = form.get('file');
  if (!file || file.data.length === 0) throw new HttpError(400, "Missing required parameter: 'file'.", 'file');
  const wav = wavInfo(file.data);
  const text = describeAudio(file.data, task === 'translate' ? 'translation' : 'transcription');
  const format = form.get('response_format')?.data.toString('utf8') || 'json';
  if (!TEXT_FORMATS.includes(format)) {
    throw new HttpError(400, `Invalid value: '${format}'. Supported values are: ${TEXT_FORMATS.map((f) => `'${f}'`).join(', ')}.`, 'response_format');
  }
  const duration = wav?.seconds ?? 1;
  const plain = (t: string) => {
    c.res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
    c.res.end(t);
  };
  if (format === 'text') return plain(`${text}\n`);
  if (format === 'srt') return plain(`1\n00:00:00,000 --> ${timestamp(duration, ',')}\n${text}\n\n`);
  if (format === 'vtt') return plain(`WEBVTT\n\n00:00:00.000 --> ${timestamp(duration, '.')}\n${text}\n\n`);
  if (format === 'verbose_json') {
    sendJson(c.res, 200, {
      task,
      language: 'english',
      duration,
      text,
      segments: [{ id: 0, seek: 0, start: 0, end: duration, text, tokens: [], temperature: 0, avg_logprob: -0.1, compression_ratio: 1, no_speech_prob: 0.01 }],
    });
    return;
  }
  sendJson(c.res, 200, { text });
}

/** The deterministic "transcript" of uploaded audio: what it is, so a test can check it. */
export function describeAudio(data: Buffer, what = 'transcription'): string {
  const wav = wavInfo(data);
  const digest = sha256(data).toString('hex').slice(0, 8);
  return wav
    ? `Mock ${what} of ${wav.seconds.toFixed(2)} s of ${wav.sampleRate} Hz WAV audio (${data.length} bytes, sha256 ${digest}).`
    : `Mock ${what} of a ${data.length}-byte audio file (sha256 ${digest}).`;
}

function timestamp(seconds: number, sep: string): string {
  const ms = Math.round(seconds * 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}${sep}${pad(ms % 1000, 3)}`;
}
