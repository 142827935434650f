// POST /audio/speech and /audio/transcriptions (protocol reference §11.5, §11.6). Speech is a
// real, playable file in the requested format (a tone for WAV/PCM, silence for MP3); the
// transcription describes the uploaded file, so it differs per input.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, requireString, sendJson } from './http.js';
import { parseMultipart } from './multipart.js';
import { sha256 } from './deterministic.js';
import { silentMp3, sinePcm, sineWav, wavInfo } from '../audio.js';

const SPEECH_FORMATS: Record<string, { mime: string; make: (seconds: number) => Buffer }> = {
  mp3: { mime: 'audio/mpeg', make: silentMp3 },
  wav: { mime: 'audio/wav', make: (s) => sineWav(s, 24000) },
  pcm: { mime: 'audio/pcm', make: (s) => sinePcm(Math.round(s * 24000), 24000) },
};

export function handleSpeech(body: Record<string, unknown>, res: ServerResponse): void {
  requireString(body, 'model');
  const input = requireString(body, 'input');
  requireString(body, 'voice');
  const format = body.response_format ?? 'mp3';
  const spec = typeof format === 'string' ? SPEECH_FORMATS[format] : undefined;
  if (!spec) {
    throw new HttpError(
      400,
      `"response_format" ${JSON.stringify(format)} is not produced by the mock; use one of ${Object.keys(SPEECH_FORMATS).join(', ')} (the model's audio_type)`,
      'response_format',
    );
  }
  // About 60 ms per character, capped, so longer texts give longer audio.
  const seconds = Math.min(10, 0.3 + input.length * 0.06);
  const audio = spec.make(seconds);
  res.writeHead(200, { 'Content-Type': spec.mime, 'Content-Length': audio.length });
  res.end(audio);
}

export function handleTranscription(req: IncomingMessage, body: Buffer, res: ServerResponse): void {
  const parts = parseMultipart(body, req.headers['content-type']);
  const model = parts.get('model');
  if (!model || model.data.length === 0) throw new HttpError(400, 'the form field "model" is required', 'model');
  const file = parts.get('file');
  if (!file || file.data.length === 0) throw new HttpError(400, 'the form file "file" is required and must not be empty', 'file');
  const wav = wavInfo(file.data);
  const digest = sha256(file.data).toString('hex').slice(0, 8);
  const text = wav
    ? `Mock transcription of ${wav.seconds.toFixed(2)} s of ${wav.sampleRate} Hz WAV audio (${file.data.length} bytes, sha256 ${digest}).`
    : `Mock transcription of a ${file.data.length}-byte audio file (sha256 ${digest}).`;
  const format = parts.get('response_format')?.data.toString('utf8') ?? 'json';
  if (format === 'text') {
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(text);
    return;
  }
  sendJson(res, 200, format === 'verbose_json' ? { task: 'transcribe', language: 'english', duration: wav?.seconds ?? 0, text } : { text });
}
