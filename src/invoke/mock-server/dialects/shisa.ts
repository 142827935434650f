// Shisa AI's native speech endpoints (shisa-ai/dify-plugin-shisa-ai, a third-party plugin): GET
// /tts/voices (the voice catalogue, each with its formats), POST /tts with a JSON body ({voice_id,
// format, stream, text} → audio bytes), POST /asr/srt/audio_llm ({audio: base64} → {text}). Bearer
// key. Its chat models are OpenAI-compatible under /openai/v1, which the OpenAI dialect serves.
// The shapes are those the plugin reads; Shisa publishes no error format, so errors are FastAPI's
// {"detail": …} (a deliberate guess, noted in the README).
import type { Ctx, Dialect, ErrorKind, Route, VendorError } from '../dialect.js';
import { bearer, HttpError } from '../dialect.js';
import { sendJson } from '../http.js';
import { SPEECH_FORMATS } from '../audio-formats.js';
import { describeAudio } from './openai-audio.js';

/** The voice the catalogue always has, besides the voices the plugin's model YAMLs list. */
export const SHISA_VOICE_ID = 'mock-shisa-voice';

// Only for api.shisa.ai, or direct calls meant for it: /tts is a common path.
const mine = (c: Ctx) => c.byHost || c.settings.hint === 'shisa';
const routes: Route[] = [
  { method: 'GET', path: /^\/tts\/voices$/, accepts: mine, handle: voices },
  { method: 'POST', path: /^\/tts$/, accepts: mine, handle: tts },
  { method: 'POST', path: /^\/asr\/srt\/audio_llm$/, accepts: mine, handle: asr },
];

export const shisa: Dialect = {
  name: 'shisa',
  title: 'Shisa AI native TTS and ASR',
  hosts: ['api.shisa.ai'],
  providers: ['shisa_ai'],
  keyRequired: true,
  key: bearer,
  routes,
  error: (kind: ErrorKind, message: string): VendorError => {
    const status = ({ auth: 401, 'rate-limit': 429, 'server-error': 500, 'not-found': 404 } as Partial<Record<ErrorKind, number>>)[kind] ?? 400;
    const detail = message || ({ 401: 'Invalid API key', 429: 'Too many requests', 500: 'Internal server error' } as Record<number, string>)[status] || 'Bad request';
    return { status, body: { detail }, reason: detail };
  },
};

function catalogue(c: Ctx): string[] {
  return [SHISA_VOICE_ID, ...(c.settings.voices ?? [])];
}

function voices(c: Ctx): void {
  sendJson(
    c.res,
    200,
    catalogue(c).map((id) => ({ id, name: id === SHISA_VOICE_ID ? 'Mock voice' : id, language: 'japanese, english', formats: ['mp3', 'wav'], streaming: false })),
  );
}

function tts(c: Ctx): void {
  const body = c.json();
  if (typeof body.text !== 'string' || !body.text.trim()) throw new HttpError(422, 'text: field required', 'text');
  if (typeof body.voice_id !== 'string' || !catalogue(c).includes(body.voice_id)) throw new HttpError(404, `voice not found: ${String(body.voice_id)}`, 'voice_id');
  const format = body.format ?? 'mp3';
  if (format !== 'mp3' && format !== 'wav') throw new HttpError(422, 'format: must be mp3 or wav', 'format');
  const audio = SPEECH_FORMATS[format].make(Math.min(10, 0.3 + body.text.length * 0.06));
  c.res.writeHead(200, { 'Content-Type': SPEECH_FORMATS[format].mime, 'Content-Length': audio.length });
  c.res.end(audio);
}

function asr(c: Ctx): void {
  const body = c.json();
  const audio = typeof body.audio === 'string' ? Buffer.from(body.audio, 'base64') : Buffer.alloc(0);
  if (audio.length === 0) throw new HttpError(422, 'audio: field required (base64)', 'audio');
  sendJson(c.res, 200, { text: describeAudio(audio) });
}
