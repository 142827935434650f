// MiniMax's native APIs (api.minimaxi.com, api.minimax.io, api.minimax.chat): embeddings
// (POST /v1/embeddings?GroupId=…, `texts` and `type` db|query → `vectors`), speech (POST
// /v1/t2a_v2?GroupId=…: audio as hex, streamed as SSE `data:` lines when `stream` is true, the
// last event carrying `extra_info` and the whole audio) and the voice list (POST /v1/get_voice).
// Chat is MiniMax's OpenAI-compatible /v1/chat/completions, the `openai` dialect. Errors are HTTP
// 200 with `base_resp: {status_code, status_msg}` (1004 auth, 1002 rate limit, 1013 server), as
// MiniMax sends them.
import type { Ctx, Dialect, ErrorKind, Route, VendorError } from '../dialect.js';
import { bearer, bodyModel, HttpError, peekJson } from '../dialect.js';
import { requireString, sendJson } from '../http.js';
import { countTokens, embed, sha256 } from '../deterministic.js';
import { SPEECH_FORMATS } from '../audio-formats.js';

const EMBEDDING_DIMENSIONS = 1536;
/** The system voices GET /v1/get_voice lists (a few of MiniMax's); the plugin's YAML voices are accepted too. */
const SYSTEM_VOICES = ['male-qn-qingse', 'male-qn-jingying', 'female-shaonv', 'female-yujie', 'presenter_male', 'presenter_female', 'audiobook_male_1', 'audiobook_female_1'];
const TTS_FORMATS = ['mp3', 'pcm', 'flac', 'wav'];

const ok = { status_code: 0, status_msg: 'success' };
const traceId = (seed: string) => sha256(`minimax:${seed}`).toString('hex').slice(0, 32);

function groupId(c: Ctx): string {
  const g = c.query.get('GroupId');
  if (!g) throw new HttpError(400, 'invalid params, GroupId is required');
  return g;
}

function embeddings(c: Ctx): void {
  groupId(c);
  const body = c.json();
  const model = requireString(body, 'model');
  const texts = body.texts;
  if (!Array.isArray(texts) || texts.length === 0 || !texts.every((t) => typeof t === 'string')) throw new HttpError(400, 'invalid params, texts must be a non-empty list of strings');
  if (body.type !== 'db' && body.type !== 'query') throw new HttpError(400, 'invalid params, type must be db or query');
  sendJson(c.res, 200, {
    vectors: (texts as string[]).map((t) => embed(`${body.type}:${t}`, EMBEDDING_DIMENSIONS)),
    total_tokens: (texts as string[]).reduce((s, t) => s + countTokens(t), 0),
    base_resp: ok,
    model,
  });
}

function speech(c: Ctx): void {
  groupId(c);
  const body = c.json();
  requireString(body, 'model');
  const text = requireString(body, 'text');
  const voice = (body.voice_setting ?? {}) as Record<string, unknown>;
  const audio = (body.audio_setting ?? {}) as Record<string, unknown>;
  const voiceId = voice.voice_id;
  if (typeof voiceId !== 'string' || !voiceId) throw new HttpError(400, 'invalid params, voice_id is required');
  const voices = c.settings.voices;
  if (voices && !voices.has(voiceId) && !SYSTEM_VOICES.includes(voiceId)) return minimaxError(c, 2054, `voice id not exist: ${voiceId}`);
  const format = typeof audio.format === 'string' ? audio.format : 'mp3';
  if (!TTS_FORMATS.includes(format)) throw new HttpError(400, `invalid params, audio_setting.format must be one of ${TTS_FORMATS.join(', ')}`);
  const bytes = SPEECH_FORMATS[format].make(Math.min(10, 0.5 + text.length * 0.05));
  const extra = { audio_length: Math.round(bytes.length / 16), audio_sample_rate: Number(audio.sample_rate ?? 32000), audio_size: bytes.length, bitrate: Number(audio.bitrate ?? 128000), audio_format: format, audio_channel: Number(audio.channel ?? 1), usage_characters: text.length, word_count: countTokens(text) };
  const trace_id = traceId(text);
  if (body.stream !== true) {
    return sendJson(c.res, 200, { data: { audio: bytes.toString('hex'), status: 2 }, extra_info: extra, trace_id, base_resp: ok });
  }
  c.res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
  const size = Math.max(1, Math.ceil(bytes.length / 4));
  for (let at = 0; at < bytes.length; at += size) {
    c.res.write(`data: ${JSON.stringify({ data: { audio: bytes.subarray(at, at + size).toString('hex'), status: 1 }, trace_id, base_resp: ok })}\n\n`);
  }
  c.res.end(`data: ${JSON.stringify({ data: { audio: bytes.toString('hex'), status: 2 }, extra_info: extra, trace_id, base_resp: ok })}\n\n`);
}

function voiceList(c: Ctx): void {
  const plugin = [...(c.settings.voices ?? [])].filter((v) => !SYSTEM_VOICES.includes(v));
  sendJson(c.res, 200, {
    system_voice: [...SYSTEM_VOICES, ...plugin].map((id) => ({ voice_id: id, voice_name: id, description: [] })),
    voice_cloning: [],
    voice_generation: [],
    base_resp: ok,
  });
}

function minimaxError(c: Ctx, code: number, msg: string): void {
  sendJson(c.res, 200, { base_resp: { status_code: code, status_msg: msg } });
}

const mine = (c: Ctx) => c.byHost || c.settings.hint === 'minimax';
const routes: Route[] = [
  { method: 'POST', path: /\/v1\/embeddings$/, accepts: (c) => mine(c) && peekJson(c)?.texts !== undefined, model: bodyModel(), handle: embeddings },
  { method: 'POST', path: /\/v1\/t2a_v2$/, accepts: mine, model: bodyModel(), handle: speech },
  { method: 'POST', path: /\/v1\/get_voice$/, accepts: mine, handle: voiceList },
];

export const minimax: Dialect = {
  name: 'minimax',
  title: 'MiniMax native embeddings, speech (t2a_v2) and voices',
  hosts: ['api.minimaxi.com', 'api.minimax.io', 'api.minimax.chat'],
  providers: ['minimax'],
  keyRequired: true,
  key: bearer,
  missingKey: "login fail: Please carry the API secret key in the 'Authorization' field of the request header",
  routes,
  error: (kind: ErrorKind, message: string, extra: { model?: string }): VendorError => {
    const e = (code: number, msg: string, status = 200): VendorError => ({ status, body: { base_resp: { status_code: code, status_msg: msg } }, reason: msg });
    switch (kind) {
      case 'auth':
        return e(1004, message || 'login fail: Please carry the API secret key in the \'Authorization\' field of the request header');
      case 'rate-limit':
        return e(1002, message || 'rate limit exceeded(RPM)');
      case 'server-error':
        return e(1013, message || 'internal service error', 500);
      case 'model-not-found':
        return e(2013, message || `invalid params, unknown model '${extra.model ?? ''}'`);
      default:
        return e(2013, message || 'invalid params', kind === 'not-found' ? 404 : 200);
    }
  },
};
