// Tencent Cloud ASR, flash recognition: POST asr.cloud.tencent.com/asr/flash/v1/{appid}?secretid=
// …&timestamp=…&engine_type=…&voice_format=…, the raw audio as the body and an HMAC-SHA1 signature
// of the request line as `Authorization`. The mock cannot recompute the signature (it never sees
// the secret key), so it checks that one is there. Answers (errors too) are HTTP 200 with a
// `code` (0 success, 4002 authentication failed, 4001 bad parameter) and `message`.
import type { Ctx, Dialect, ErrorKind, Route, VendorError } from '../dialect.js';
import { header, HttpError } from '../dialect.js';
import { sendJson } from '../http.js';
import { sha256 } from '../deterministic.js';
import { wavInfo } from '../../audio.js';
import { describeAudio } from './openai-audio.js';

const REQUIRED = ['secretid', 'timestamp', 'engine_type', 'voice_format'];
const FORMATS = ['wav', 'pcm', 'ogg-opus', 'speex', 'silk', 'mp3', 'm4a', 'aac', 'amr'];

const routes: Route[] = [{ method: 'POST', path: /^\/asr\/flash\/v1\/([^/]+)$/, handle: flash }];

export const tencentAsr: Dialect = {
  name: 'tencent-asr',
  title: 'Tencent Cloud ASR flash recognition',
  hosts: ['asr.cloud.tencent.com'],
  providers: ['tencent'],
  keyRequired: true,
  // The signature stands in for the key; the secret id rides in the query.
  key: (c) => (header(c, 'authorization') && c.query.get('secretid') ? header(c, 'authorization') : undefined),
  routes,
  error: (kind: ErrorKind, message: string, extra: { model?: string }): VendorError => {
    const e = (code: number, msg: string, status = 200): VendorError => ({
      status,
      body: { request_id: 'mock-request', status: 0, code, message: msg, audio_duration: 0, flash_result: [] },
      reason: msg,
    });
    switch (kind) {
      case 'auth':
        return e(4002, message || 'authentication failed: the signature or secretid is invalid');
      case 'rate-limit':
        return e(4003, message || 'request frequency exceeds the limit', 429);
      case 'server-error':
        return e(5000, message || 'internal server error', 500);
      case 'model-not-found':
        return e(4001, message || `invalid engine_type: ${extra.model ?? 'unknown'}`);
      default:
        return e(4001, message);
    }
  },
};

/** Flash recognition answers a bad request with HTTP 200 and a non-zero code. */
function flash(c: Ctx): void {
  try {
    recognize(c);
  } catch (err) {
    if (!(err instanceof HttpError) || c.res.headersSent) throw err;
    sendJson(c.res, 200, tencentAsr.error('bad-request', err.message, {}).body);
  }
}

function recognize(c: Ctx): void {
  for (const key of REQUIRED) if (!c.query.get(key)) throw new HttpError(400, `missing parameter: ${key}`);
  const format = c.query.get('voice_format')!;
  if (!FORMATS.includes(format)) throw new HttpError(400, `invalid voice_format: ${format}`);
  if (c.raw.length === 0) throw new HttpError(400, 'the audio data is empty');
  const text = describeAudio(c.raw);
  const ms = Math.round((wavInfo(c.raw)?.seconds ?? 1) * 1000);
  sendJson(c.res, 200, {
    request_id: `mock-${sha256(c.raw).toString('hex').slice(0, 16)}`,
    status: 0,
    code: 0,
    message: 'success',
    audio_duration: ms,
    flash_result: [{ text, channel_id: 0, sentence_list: [{ text, start_time: 0, end_time: ms, speaker_id: 0, word_list: [] }] }],
  });
}
