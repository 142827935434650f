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

export interface SmokeOptions {
  prompt: string;
  timeoutMs: number;
  /** Audio for speech2text (hex-encoded on the wire). */
  audio: Buffer;
  /** Saves TTS audio; returns where it was written. */
  saveAudio: (audio: Buffer, mimeType: string | null) => string;
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

  async function step(type: ModelType | null, model: string | null, action: string, data: Record<string, unknown>, judge: Judge, stream = false): Promise<boolean> {
    listener.begin(type, model, action, stream);
    const row: StepResult = { type, model, action, ok: false, firstChunkMs: null, totalMs: null, output: null, error: null };
    const started = performance.now();
    let outcome: RequestOutcome;
    try {
      outcome = await proc.request(data, {
        timeoutMs: options.timeoutMs,
        onStream: stream && listener.text ? (d) => listener.text!(check.chunkText(d)) : undefined,
      });
    } catch (err) {
      if (!(err instanceof PluginFailure)) throw err;
      row.totalMs = Math.round(performance.now() - started);
      // Chunks that arrived before the crash or timeout still count: they show how far it got.
      const partial = err.partial;
      if (partial?.firstChunkMs != null) row.firstChunkMs = Math.round(partial.firstChunkMs);
      row.error = describeFailure(err) + (partial?.chunks ? ` (after ${partial.chunks} chunk${partial.chunks > 1 ? 's' : ''} of the answer had arrived)` : '');
      report.results.push(row);
      listener.end(row);
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
    report.results.push(row);
    listener.end(row);
    return row.ok;
  }

  let current = -1; // index of the target in progress; -1 during the provider check
  try {
    let providerOk = true;
    if (creds.provider) {
      providerOk = await step(null, null, 'validate_provider_credentials', requests.validateProvider(info.provider, creds.provider), (o) =>
        check.checkValidation(o.streams),
      );
    }
    for (let index = 0; index < targets.length; index++) {
      current = index;
      const t = targets[index];
      const m: ModelRef = { provider: info.provider, type: t.type, model: t.model, credentials: creds.perTarget[index] };
      if (t.form === 'provider' && !providerOk) {
        report.notRun.push({ type: t.type, reason: 'the provider credential check failed' });
        continue;
      }
      if (t.form === 'model') {
        const ok = await step(t.type, t.model, 'validate_model_credentials', requests.validateModel(m), (o) => check.checkValidation(o.streams));
        if (!ok) {
          report.notRun.push({ type: t.type, reason: 'its model credential check failed' });
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

type Step = (type: ModelType, model: string, action: string, data: Record<string, unknown>, judge: Judge, stream?: boolean) => Promise<boolean>;

async function invokeType(t: Target, m: ModelRef, options: SmokeOptions, step: Step): Promise<void> {
  const s = (action: string, data: Record<string, unknown>, judge: Judge, stream = false) => step(t.type, t.model, action, data, judge, stream);
  switch (t.type) {
    case 'llm':
      await s('invoke_llm', requests.invokeLlm(m, options.prompt), (o) => check.checkLlm(o.streams), true);
      await s('get_llm_num_tokens', requests.llmNumTokens(m, options.prompt), (o) => check.checkNumTokens(o.streams));
      return;
    case 'text-embedding': {
      const texts = SMOKE_INPUT.embeddingTexts;
      await s('invoke_text_embedding', requests.embed(m, texts), (o) => check.checkEmbeddings(o.streams, texts.length));
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
        const where = options.saveAudio(audio, mimeType);
        return `${formatBytes(audio.length)} of audio → ${where}`;
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

function formatBytes(n: number): string {
  return n >= 1024 ? `${(n / 1024).toFixed(1)} KB` : `${n} bytes`;
}
