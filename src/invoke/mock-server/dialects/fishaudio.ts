// Fish Audio (fish_audio_sdk): GET /model (the account's voice models, paginated), GET
// /model/{id}, POST /v1/tts and /v1/asr with MessagePack bodies (the TTS backend in a `model`
// header). Bearer key; errors are `{"status": …, "message": …}`, which the SDK raises as HttpCodeErr.
import { createRequire } from 'node:module';
import type { Ctx, Dialect, ErrorKind, Route, VendorError } from '../dialect.js';
import { bearer, header, HttpError } from '../dialect.js';
import { sendJson } from '../http.js';
import { sha256 } from '../deterministic.js';
import { SPEECH_FORMATS } from '../audio-formats.js';
import { wavInfo } from '../../audio.js';
import { describeAudio } from './openai-audio.js';

/** The one voice model the mock account owns (Fish ids are 32 hex digits). */
export const FISH_VOICE_ID = sha256('model-plugin mock fish voice').toString('hex').slice(0, 32);
const TTS_FORMATS = ['mp3', 'wav', 'pcm', 'opus'];

const mine = (c: Ctx) => c.byHost || c.settings.hint === 'fishaudio';
const routes: Route[] = [
  { method: 'GET', path: /^\/model$/, accepts: mine, handle: listModels },
  { method: 'GET', path: /^\/model\/([^/]+)$/, accepts: mine, handle: getModel },
  { method: 'POST', path: /^\/v1\/tts$/, model: (c) => header(c, 'model') ?? 'speech-1.5', handle: tts },
  { method: 'POST', path: /^\/v1\/asr$/, handle: asr },
];

export const fishaudio: Dialect = {
  name: 'fishaudio',
  title: 'Fish Audio TTS and ASR (MessagePack bodies)',
  hosts: ['api.fish.audio'],
  providers: ['fishaudio'],
  keyRequired: true,
  key: bearer,
  routes,
  error: (kind: ErrorKind, message: string, extra: { model?: string }): VendorError => {
    const e = (status: number, msg: string): VendorError => ({ status, body: { status, message: msg }, reason: msg });
    switch (kind) {
      case 'auth':
        return e(401, message || 'Invalid API key');
      case 'rate-limit':
        return e(429, message || 'Too many requests, please slow down');
      case 'server-error':
        return e(500, message || 'Internal server error');
      case 'model-not-found':
        return e(400, message || `Invalid model: ${extra.model ?? 'unknown'}`);
      default:
        return e(kind === 'not-found' ? 404 : 400, message);
    }
  },
};

function voiceModel(id: string) {
  const at = '2025-01-01T00:00:00Z';
  return {
    _id: id,
    type: 'tts',
    title: 'Mock voice',
    description: 'model-plugin mock voice model',
    cover_image: '',
    train_mode: 'fast',
    state: 'trained',
    tags: [],
    samples: [],
    created_at: at,
    updated_at: at,
    languages: ['en', 'zh'],
    visibility: 'private',
    lock_visibility: false,
    like_count: 0,
    mark_count: 0,
    shared_count: 0,
    task_count: 0,
    liked: false,
    marked: false,
    author: { _id: 'mock-author', nickname: 'model-plugin mock', avatar: '' },
  };
}

function listModels(c: Ctx): void {
  const size = Number(c.query.get('page_size') ?? 10);
  const page = Number(c.query.get('page_number') ?? 1);
  if (!Number.isInteger(size) || size < 1 || size > 100 || !Number.isInteger(page) || page < 1) throw new HttpError(400, 'page_size must be 1-100 and page_number ≥ 1');
  sendJson(c.res, 200, { total: 1, items: page === 1 ? [voiceModel(FISH_VOICE_ID)] : [] });
}

function getModel(c: Ctx): void {
  const id = decodeURIComponent(c.params[0]);
  if (id !== FISH_VOICE_ID) throw new HttpError(404, 'Model not found');
  sendJson(c.res, 200, voiceModel(id));
}

/** The MessagePack body the SDK sends (`Content-Type: application/msgpack`). */
function msgpackBody(c: Ctx): Record<string, unknown> {
  const type = String(c.req.headers['content-type'] ?? '');
  if (!/msgpack/.test(type)) throw new HttpError(400, `expected an application/msgpack body (Content-Type was "${type}")`);
  let value: unknown;
  try {
    // Loaded on the first Fish Audio request only: no other dialect needs MessagePack.
    value = (createRequire(import.meta.url)('@msgpack/msgpack') as typeof import('@msgpack/msgpack')).decode(c.raw);
  } catch (err) {
    throw new HttpError(400, `the body is not valid MessagePack: ${(err as Error).message}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new HttpError(400, 'the body must be a MessagePack map');
  return value as Record<string, unknown>;
}

function tts(c: Ctx): void {
  const body = msgpackBody(c);
  if (typeof body.text !== 'string' || !body.text.trim()) throw new HttpError(400, 'text: field required');
  const format = body.format ?? 'mp3';
  if (typeof format !== 'string' || !TTS_FORMATS.includes(format)) throw new HttpError(400, `format: must be one of ${TTS_FORMATS.join(', ')}`);
  const ref = body.reference_id;
  if (ref !== null && ref !== undefined && ref !== FISH_VOICE_ID && !(typeof ref === 'string' && c.settings.voices?.has(ref))) {
    throw new HttpError(400, `Reference not found: ${String(ref)}`);
  }
  const seconds = Math.min(10, 0.3 + body.text.length * 0.06);
  const audio = SPEECH_FORMATS[format].make(seconds);
  // The real API streams the audio in chunks (no Content-Length).
  c.res.writeHead(200, { 'Content-Type': SPEECH_FORMATS[format].mime, 'Transfer-Encoding': 'chunked' });
  for (let i = 0; i < audio.length; i += 4096) c.res.write(audio.subarray(i, i + 4096));
  c.res.end();
}

function asr(c: Ctx): void {
  const body = msgpackBody(c);
  const audio = body.audio;
  if (!(audio instanceof Uint8Array) || audio.length === 0) throw new HttpError(400, 'audio: field required (bytes)');
  const data = Buffer.from(audio);
  const text = describeAudio(data);
  const seconds = wavInfo(data)?.seconds ?? 1;
  const segments = body.ignore_timestamps === true ? [] : [{ text, start: 0, end: seconds }];
  sendJson(c.res, 200, { text, duration: Math.round(seconds * 1000), segments });
}
