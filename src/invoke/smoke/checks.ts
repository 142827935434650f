// What each action must return for Dify to use it (result entities, protocol reference §6). A
// check returns a short human excerpt, or throws CheckFailure saying what was wrong.
import { isObject } from '../runtime/protocol.js';
import { CheckFailure } from './result.js';

function single(streams: unknown[], what: string): Record<string, unknown> {
  if (streams.length === 0) throw new CheckFailure(`the plugin ended the session without a result (expected ${what})`);
  const first = streams[0];
  if (!isObject(first)) throw new CheckFailure(`the result is not an object (expected ${what}): ${preview(first)}`);
  return first;
}

export function checkValidation(streams: unknown[]): string {
  const r = single(streams, '{"result": true, ...}');
  if (r.result !== true) throw new CheckFailure(`the credential check answered result: ${preview(r.result)}`);
  return 'credentials accepted';
}

/** Text of one LLM chunk's message content (a string, or a list of parts). */
export function chunkText(chunk: unknown): string {
  const content = isObject(chunk) && isObject(chunk.delta) && isObject(chunk.delta.message) ? chunk.delta.message.content : undefined;
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((p) => (isObject(p) && p.type === 'text' && typeof p.data === 'string' ? p.data : '')).join('');
  }
  return '';
}

export function checkLlm(streams: unknown[]): string {
  if (streams.length === 0) throw new CheckFailure('the plugin streamed no chunk');
  streams.forEach((c, i) => {
    if (!isObject(c) || !isObject(c.delta) || !isObject(c.delta.message)) {
      throw new CheckFailure(`chunk ${i + 1} is not an LLMResultChunk (no delta.message): ${preview(c)}`);
    }
  });
  const text = streams.map(chunkText).join('');
  if (!text.trim()) throw new CheckFailure(`the stream of ${streams.length} chunk(s) held no text`);
  return text;
}

/** Where a polling task stands after start_polling or check_polling. */
export interface Polling {
  output: string;
  done: boolean;
  /** plugin_state to send with the next check (running tasks). */
  state?: Record<string, unknown>;
  nextCheckSeconds?: number;
}

/** An LLMPollingResult: running (with plugin_state), succeeded (with an LLMResult) or failed (with an error). */
export function checkPolling(streams: unknown[]): Polling {
  const r = single(streams, 'an LLMPollingResult');
  if (r.status === 'failed') throw new CheckFailure(`the task failed: ${typeof r.error === 'string' && r.error ? r.error : preview(r)}`);
  if (r.status === 'running') {
    if (!isObject(r.plugin_state) || Object.keys(r.plugin_state).length === 0) throw new CheckFailure('a running task needs plugin_state (what the next check_polling gets)');
    const next = typeof r.next_check_after_seconds === 'number' ? r.next_check_after_seconds : undefined;
    return { output: `running${next ? `, next check in ${next} s` : ''}`, done: false, state: r.plugin_state, nextCheckSeconds: next };
  }
  if (r.status !== 'succeeded') throw new CheckFailure(`"status" should be running, succeeded or failed, got ${preview(r.status)}`);
  const result = r.result;
  if (!isObject(result) || !isObject(result.message)) throw new CheckFailure(`a succeeded task needs "result" (an LLMResult with a message), got ${preview(result)}`);
  const content = result.message.content;
  const parts = typeof content === 'string' ? [content] : Array.isArray(content) ? content.map((p) => (isObject(p) ? (p.type === 'text' ? String(p.data ?? '') : `${String(p.type)} ${String(p.url ?? '')}`.trim()) : '')) : [];
  const text = parts.filter(Boolean).join(', ');
  if (!text) throw new CheckFailure(`the succeeded task's message holds no content: ${preview(result.message)}`);
  return { output: `succeeded: ${text}`, done: true };
}

export function checkNumTokens(streams: unknown[]): string {
  const r = single(streams, '{"num_tokens": <int>}');
  if (!Number.isInteger(r.num_tokens) || (r.num_tokens as number) < 0) {
    throw new CheckFailure(`num_tokens should be a whole number >= 0, got ${preview(r.num_tokens)}`);
  }
  return `${r.num_tokens} tokens`;
}

export function checkEmbeddings(streams: unknown[], texts: number): string {
  const r = single(streams, 'a TextEmbeddingResult');
  const vectors = r.embeddings;
  if (!Array.isArray(vectors)) throw new CheckFailure(`"embeddings" should be a list of vectors, got ${preview(vectors)}`);
  if (vectors.length !== texts) throw new CheckFailure(`sent ${texts} texts but got ${vectors.length} vector(s); Dify needs one vector per text`);
  let dims = -1;
  vectors.forEach((v, i) => {
    if (!Array.isArray(v) || v.length === 0) throw new CheckFailure(`vector ${i + 1} is empty or not a list`);
    const bad = v.findIndex((x) => typeof x !== 'number' || !Number.isFinite(x));
    if (bad >= 0) throw new CheckFailure(`vector ${i + 1} holds a non-finite value at index ${bad}: ${preview(v[bad])}`);
    if (dims >= 0 && v.length !== dims) throw new CheckFailure(`vectors differ in dimension (${dims} and ${v.length}); they must all have the same`);
    dims = v.length;
  });
  return `${vectors.length} vectors × ${dims} dimensions`;
}

export function checkRerank(streams: unknown[], docCount: number): string {
  const r = single(streams, 'a RerankResult');
  if (!Array.isArray(r.docs)) throw new CheckFailure(`"docs" should be a list, got ${preview(r.docs)}`);
  if (r.docs.length === 0) throw new CheckFailure(`sent ${docCount} documents (no score threshold) and got none back`);
  const seen = new Set<number>();
  const parts = r.docs.map((d, i) => {
    if (!isObject(d)) throw new CheckFailure(`docs[${i}] is not an object: ${preview(d)}`);
    const { index, score } = d;
    if (!Number.isInteger(index) || (index as number) < 0 || (index as number) >= docCount) {
      throw new CheckFailure(`docs[${i}].index should be the position of an input document (0-${docCount - 1}), got ${preview(index)}`);
    }
    if (seen.has(index as number)) throw new CheckFailure(`document ${index} appears twice in the result`);
    seen.add(index as number);
    if (typeof score !== 'number' || !Number.isFinite(score)) throw new CheckFailure(`docs[${i}].score should be a finite number, got ${preview(score)}`);
    // Dify compares scores with score_threshold and shows them as relevance: it expects 0..1.
    if (score < 0 || score > 1) {
      throw new CheckFailure(`docs[${i}].score is ${score}, outside 0..1; Dify expects relevance scores between 0 and 1 (normalise raw scores, e.g. with a sigmoid)`);
    }
    return `#${index} ${score.toFixed(2)}`;
  });
  return parts.join(', ');
}

export function checkVoices(streams: unknown[]): { output: string; first: string | undefined } {
  const r = single(streams, '{"voices": [...]}');
  if (r.voices === null || r.voices === undefined) return { output: 'no voices listed', first: undefined };
  if (!Array.isArray(r.voices)) throw new CheckFailure(`"voices" should be a list of {name, value}, got ${preview(r.voices)}`);
  const values = r.voices.map((v, i) => {
    if (!isObject(v) || typeof v.value !== 'string') throw new CheckFailure(`voices[${i}] should be {"name", "value"}, got ${preview(v)}`);
    return v.value;
  });
  if (values.length === 0) return { output: 'no voices listed', first: undefined };
  return { output: `${values.length} voice${values.length > 1 ? 's' : ''}: ${values.slice(0, 5).join(', ')}${values.length > 5 ? ', …' : ''}`, first: values[0] };
}

/** Decodes the hex audio chunks of invoke_tts (protocol reference §6.10). */
export function ttsAudio(streams: unknown[]): { audio: Buffer; mimeType: string | null } {
  if (streams.length === 0) throw new CheckFailure('the plugin streamed no audio chunk');
  let mimeType: string | null = null;
  const chunks = streams.map((c, i) => {
    if (!isObject(c) || typeof c.result !== 'string') throw new CheckFailure(`chunk ${i + 1} should be {"result": "<hex>"}, got ${preview(c)}`);
    if (c.result.length % 2 !== 0 || /[^0-9a-fA-F]/.test(c.result)) {
      throw new CheckFailure(`chunk ${i + 1} is not hex-encoded audio (Dify decodes result as hex)`);
    }
    if (typeof c.mime_type === 'string') mimeType = c.mime_type;
    return Buffer.from(c.result, 'hex');
  });
  const audio = Buffer.concat(chunks);
  if (audio.length === 0) throw new CheckFailure('the audio is empty');
  return { audio, mimeType };
}

export function checkSpeech2Text(streams: unknown[]): string {
  const r = single(streams, '{"result": "<text>"}');
  if (typeof r.result !== 'string') throw new CheckFailure(`"result" should be the transcribed text, got ${preview(r.result)}`);
  return r.result || '(empty transcript)';
}

export function checkModeration(streams: unknown[]): string {
  const r = single(streams, '{"result": <bool>}');
  if (typeof r.result !== 'boolean') throw new CheckFailure(`"result" should be true (flagged) or false, got ${preview(r.result)}`);
  return r.result ? 'flagged' : 'not flagged';
}

function preview(v: unknown): string {
  const s = v === undefined ? 'nothing' : JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
