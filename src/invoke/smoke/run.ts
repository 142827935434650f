// The smoke run: the credential check first, then per model type the actions Dify uses, one
// request at a time. A crash or timeout stops the run (the plugin is gone); a failed credential
// check skips the rest of that type.
import type { ModelType } from '../../plugin/model-types.js';
import type { PluginInfo } from '../plugin-info.js';
import type { Target } from '../targets.js';
import type { ResolvedCredentials } from '../credentials/index.js';
import { PluginFailure, type PluginProcess, type RequestOutcome } from '../runtime/process.js';
import { requests, SMOKE_INPUT, type ModelRef } from './requests.js';
import * as check from './checks.js';
import { CheckFailure, type StepResult } from './result.js';
import { backwardsNote, describeFailure, describeSessionError } from './errors.js';
import { checkAudioContainer } from './audio-container.js';
import { describeUnserved, type ProxiedRequest } from '../hermetic/proxy.js';

export interface SmokeOptions {
  prompt: string;
  timeoutMs: number;
  /** Audio for speech2text (hex-encoded on the wire). */
  audio: Buffer;
  /** Saves TTS audio; returns where it was written. */
  saveAudio: (audio: Buffer, mimeType: string | null) => string;
  /** Skip validate_provider_credentials / validate_model_credentials. */
  skipCredentialCheck?: boolean;
  /** Under --mock: the requests the plugin made, to attach each to its action. */
  traffic?: {
    mark(): number;
    since(mark: number): ProxiedRequest[];
    onRequests?: (requests: ProxiedRequest[]) => void;
  };
}

/** Progress callbacks (the live lines). */
export interface SmokeListener {
  begin(type: ModelType | null, model: string | null, action: string, streaming: boolean): void;
  text?(chunk: string): void;
  end(result: StepResult): void;
}

export interface SmokeReport {
  results: StepResult[];
  /** The plugin crashed or timed out: nothing after it ran. */
  failure: PluginFailure | undefined;
  notRun: { type: ModelType; reason: string }[];
}

class Stopped extends Error {
  constructor(readonly failure: PluginFailure) {
    super(failure.message);
  }
}

type Judge = (o: RequestOutcome) => string;

export async function runSmoke(
  proc: PluginProcess,
  info: PluginInfo,
  targets: Target[],
  creds: ResolvedCredentials,
  options: SmokeOptions,
  listener: SmokeListener,
): Promise<SmokeReport> {
  const report: SmokeReport = { results: [], failure: undefined, notRun: [] };

  /** Sends one request, or several in turn (batches of one action), stopping at the first error. */
  async function send(data: Record<string, unknown>[], stream: boolean): Promise<RequestOutcome> {
    let merged: RequestOutcome | undefined;
    for (const d of data) {
      const o = await proc.request(d, {
        timeoutMs: options.timeoutMs,
        onStream: stream && listener.text ? (x) => listener.text!(check.chunkText(x)) : undefined,
      });
      if (!merged) merged = o;
      else {
        merged.streams.push(...o.streams);
        merged.backwards.push(...o.backwards);
        merged.error = o.error;
        merged.rejected = o.rejected;
        merged.totalMs += o.totalMs;
      }
      if (o.error || o.rejected !== undefined) break;
    }
    return merged!;
  }

  async function step(type: ModelType | null, model: string | null, action: string, data: Record<string, unknown> | Record<string, unknown>[], judge: Judge, stream = false): Promise<boolean> {
    listener.begin(type, model, action, stream);
    const row: StepResult = { type, model, action, ok: false, firstChunkMs: null, totalMs: null, output: null, error: null };
    const started = performance.now();
    const mark = options.traffic?.mark();
    const traffic = () => {
      if (!options.traffic || mark === undefined) return;
      row.requests = options.traffic.since(mark);
    };
    const end = () => {
      listener.end(row);
      if (row.requests) options.traffic?.onRequests?.(row.requests);
    };
    let outcome: RequestOutcome;
    try {
      outcome = await send(Array.isArray(data) ? data : [data], stream);
    } catch (err) {
      if (!(err instanceof PluginFailure)) throw err;
      row.totalMs = Math.round(performance.now() - started);
      // Chunks that arrived before the crash or timeout still count: they show how far it got.
      const partial = err.partial;
      if (partial?.firstChunkMs != null) row.firstChunkMs = Math.round(partial.firstChunkMs);
      row.error = describeFailure(err) + (partial?.chunks ? ` (after ${partial.chunks} chunk${partial.chunks > 1 ? 's' : ''} of the answer had arrived)` : '');
      traffic();
      report.results.push(row);
      end();
      throw new Stopped(err);
    }
    row.firstChunkMs = outcome.firstChunkMs === null ? null : Math.round(outcome.firstChunkMs);
    row.totalMs = Math.round(outcome.totalMs);
    if (outcome.rejected !== undefined) {
      row.error = `the plugin refused the request line: ${outcome.rejected}`;
    } else if (outcome.error) {
      row.error = describeSessionError(outcome.error, info, type);
    } else {
      try {
        row.output = judge(outcome);
        row.ok = true;
      } catch (err) {
        if (!(err instanceof CheckFailure)) throw err;
        row.error = err.message;
      }
    }
    if (outcome.backwards.length > 0) row.error = [row.error, backwardsNote(outcome.backwards)].filter(Boolean).join('; ');
    traffic();
    const unserved = (row.requests ?? []).filter((r) => r.unserved).map(describeUnserved);
    if (unserved.length > 0) {
      if (row.ok) row.notes = unserved;
      else row.error = [row.error, ...unserved].filter(Boolean).join('; ');
    }
    if (action.startsWith('validate_') && row.requests?.length) {
      const used = checkedWith(row.requests, type ?? undefined);
      if (used && row.ok) row.output = `${row.output} (${used})`;
      else if (used && unserved.length === 0) row.error = `${row.error} (${used})`;
    }
    report.results.push(row);
    end();
    return row.ok;
  }

  let current = -1; // index of the target in progress; -1 during the provider check
  try {
    let providerOk = true;
    const skip = options.skipCredentialCheck === true;
    if (creds.provider && !skip) {
      providerOk = await step(null, null, 'validate_provider_credentials', requests.validateProvider(info.provider, creds.provider), (o) =>
        check.checkValidation(o.streams),
      );
    }
    for (let index = 0; index < targets.length; index++) {
      current = index;
      const t = targets[index];
      const m: ModelRef = { provider: info.provider, type: t.type, model: t.model, credentials: creds.perTarget[index] };
      if (t.form === 'provider' && !providerOk) {
        const used = checkedWith(report.results.find((r) => r.action === 'validate_provider_credentials')?.requests ?? []);
        report.notRun.push({ type: t.type, reason: `the provider credential check failed${used ? ` (${used})` : ''}; pass --skip-credential-check to invoke ${t.type} anyway` });
        continue;
      }
      if (t.form === 'model' && !skip) {
        const ok = await step(t.type, t.model, 'validate_model_credentials', requests.validateModel(m), (o) => check.checkValidation(o.streams));
        if (!ok) {
          report.notRun.push({ type: t.type, reason: `its model credential check (${t.type} model ${t.model}) failed; pass --skip-credential-check to invoke it anyway` });
          continue;
        }
      }
      await invokeType(t, m, options, step);
    }
  } catch (err) {
    if (!(err instanceof Stopped)) throw err;
    report.failure = err.failure;
    for (let i = current + 1; i < targets.length; i++) report.notRun.push({ type: targets[i].type, reason: 'the plugin stopped' });
  }
  return report;
}

type Step = (type: ModelType, model: string, action: string, data: Record<string, unknown> | Record<string, unknown>[], judge: Judge, stream?: boolean) => Promise<boolean>;

async function invokeType(t: Target, m: ModelRef, options: SmokeOptions, step: Step): Promise<void> {
  const s = (action: string, data: Record<string, unknown> | Record<string, unknown>[], judge: Judge, stream = false) => step(t.type, t.model, action, data, judge, stream);
  switch (t.type) {
    case 'llm':
      if (t.polling) await pollLlm(m, options, s);
      else await s('invoke_llm', requests.invokeLlm(m, options.prompt), (o) => check.checkLlm(o.streams), true);
      await s('get_llm_num_tokens', requests.llmNumTokens(m, options.prompt), (o) => check.checkNumTokens(o.streams));
      return;
    case 'text-embedding': {
      // Dify splits the texts into batches of the model's max_chunks (1 when the schema has none).
      const texts = SMOKE_INPUT.embeddingTexts;
      const size = maxChunks(t, m.credentials);
      const batches: string[][] = [];
      for (let i = 0; i < texts.length; i += size) batches.push(texts.slice(i, i + size));
      await s(
        'invoke_text_embedding',
        batches.map((b) => requests.embed(m, b)),
        (o) => check.checkEmbeddings(mergeEmbeddings(o.streams), texts.length) + (batches.length > 1 ? ` (${batches.length} calls of ≤${size}, max_chunks)` : ''),
      );
      return;
    }
    case 'rerank': {
      const docs = SMOKE_INPUT.rerankDocs;
      await s('invoke_rerank', requests.rerank(m, SMOKE_INPUT.rerankQuery, docs), (o) => check.checkRerank(o.streams, docs.length));
      return;
    }
    case 'tts': {
      let voice: string | undefined;
      await s('get_tts_model_voices', requests.ttsVoices(m), (o) => {
        const r = check.checkVoices(o.streams);
        voice = r.first;
        return r.output;
      });
      // With no voice listed, use the model YAML's default voice, else OpenAI's first voice.
      await s('invoke_tts', requests.tts(m, SMOKE_INPUT.ttsText, voice ?? t.defaultVoice ?? 'alloy'), (o) => {
        const { audio, mimeType } = check.ttsAudio(o.streams);
        const container = checkAudioContainer(audio, t.audioType);
        const where = options.saveAudio(audio, mimeType);
        return `${formatBytes(audio.length)} of ${container} audio → ${where}`;
      });
      return;
    }
    case 'speech2text':
      await s('invoke_speech2text', requests.speech2text(m, options.audio), (o) => check.checkSpeech2Text(o.streams));
      return;
    case 'moderation':
      await s('invoke_moderation', requests.moderation(m, SMOKE_INPUT.moderationText), (o) => check.checkModeration(o.streams));
      return;
  }
}

/** max_chunks of an embedding model: its YAML, else the per-model credential form, else 1 (as Dify). */
/** How many times a running polling task is checked, and the longest wait between checks. */
const POLL_CHECKS = 30;
const POLL_WAIT_CAP_MS = 5000;

/** A polling LLM as Dify runs it: start_polling, then check_polling with the plugin's state until done. */
async function pollLlm(m: ModelRef, options: SmokeOptions, s: (action: string, data: Record<string, unknown>, judge: Judge) => Promise<boolean>): Promise<void> {
  let poll: check.Polling | undefined;
  let ok = await s('start_polling', requests.startPolling(m, options.prompt), (o) => (poll = check.checkPolling(o.streams)).output);
  for (let i = 0; ok && poll && !poll.done && i < POLL_CHECKS; i++) {
    // Dify waits next_check_after_seconds; a smoke run waits at most a few seconds.
    await new Promise((r) => setTimeout(r, Math.min(POLL_WAIT_CAP_MS, (poll!.nextCheckSeconds ?? 1) * 1000)));
    const state = poll.state!;
    const last = i === POLL_CHECKS - 1;
    ok = await s('check_polling', requests.checkPolling(m, state), (o) => {
      poll = check.checkPolling(o.streams);
      if (!poll.done && last) throw new CheckFailure(`the task was still running after ${POLL_CHECKS} checks`);
      return poll.output;
    });
  }
}

function maxChunks(t: Target, credentials: Record<string, unknown>): number {
  if (t.maxChunks) return t.maxChunks;
  const fromForm = Number(credentials.max_chunks);
  return t.form === 'model' && Number.isInteger(fromForm) && fromForm > 0 ? fromForm : 1;
}

/** The results of several embedding calls as one (their vectors in order). */
function mergeEmbeddings(streams: unknown[]): unknown[] {
  if (streams.length <= 1) return streams;
  const all = streams.every((s) => typeof s === 'object' && s !== null && Array.isArray((s as { embeddings?: unknown }).embeddings));
  if (!all) return [streams.find((s) => typeof s !== 'object' || s === null || !Array.isArray((s as { embeddings?: unknown }).embeddings))];
  return [{ ...(streams[0] as object), embeddings: streams.flatMap((s) => (s as { embeddings: unknown[] }).embeddings) }];
}

const PATH_TYPES: [RegExp, ModelType][] = [
  [/\/(chat\/)?completions$|\/responses$|\/messages$|\/chat$|\/generate(Content)?$|:generateContent$|\/converse$/, 'llm'],
  [/\/embed(dings?)?$|:embedContent$/, 'text-embedding'],
  [/\/rerank$/, 'rerank'],
  [/\/audio\/speech$|\/tts$/, 'tts'],
  [/\/audio\/transcriptions$/, 'speech2text'],
  [/\/moderations$/, 'moderation'],
];

/**
 * "checked with llm model gpt-4o-mini: POST api.openai.com/v1/chat/completions → 401": what a
 * credential check called. A model's own check is of its type, whatever the path (an LLM reranker
 * checks a rerank model through /responses); the provider's is guessed from the path.
 */
function checkedWith(reqs: ProxiedRequest[], checked?: ModelType): string | undefined {
  if (reqs.length === 0) return undefined;
  const r = reqs.find((x) => x.status >= 400) ?? reqs[reqs.length - 1];
  const path = r.url.replace(/^[a-z]+:\/\/[^/]+/, '').replace(/\?…$/, '');
  const type = checked ?? PATH_TYPES.find(([re]) => re.test(path))?.[1];
  const what = r.model ? `${type ? `${type} model ` : 'model '}${r.model}` : type ? `a ${type} call` : '';
  return `${what ? `checked with ${what}: ` : 'called '}${r.method} ${r.url.replace(/^[a-z]+:\/\//, '')} → ${r.status || 'no answer'}`;
}

function formatBytes(n: number): string {
  return n >= 1024 ? `${(n / 1024).toFixed(1)} KB` : `${n} bytes`;
}
