// `invoke --mock --mock-fault <kind>`: every upstream request answers with the fault; for each
// model type, the credential check and the type's invocation must fail with the Dify error the
// fault stands for, and say the server's reason. The error-mapping conformance check.
import type { PluginProcess } from '../runtime/process.js';
import { PluginFailure } from '../runtime/process.js';
import type { PluginInfo } from '../plugin-info.js';
import type { Target } from '../targets.js';
import type { ResolvedCredentials } from '../credentials/index.js';
import type { FaultKind } from '../mock-server/faults.js';
import type { RequestLogEntry } from '../mock-server/server.js';
import type { ModelType } from '../../plugin/model-types.js';
import { requests, SMOKE_INPUT, type ModelRef } from '../smoke/requests.js';
import { describeFailure } from '../smoke/errors.js';
import { CREDENTIALS_EXPECTED, EXPECTED, carriesReason } from './expected.js';

export interface FaultRow {
  type: ModelType | null;
  model: string | null;
  action: string;
  fault: FaultKind;
  expected: string;
  /** The error type the plugin raised, or null when it returned a result. */
  raised: string | null;
  message: string | null;
  /** Whether the message carries the server's reason; null when not checked. */
  reason: boolean | null;
  /** Upstream requests the step made (method, host+path, status, dialect; a gRPC call's status too). */
  requests: { method: string; url: string; status: number; dialect: string | null; grpcStatus?: number }[];
  ok: boolean;
  why: string | null;
}

export interface FaultReport {
  fault: FaultKind;
  rows: FaultRow[];
  failure: PluginFailure | undefined;
}

export interface FaultRunOptions {
  fault: FaultKind;
  timeoutMs: number;
  audio: Buffer;
  /** The mock's request log so far (the run reads what each step caused). */
  log: RequestLogEntry[];
  onRow?: (row: FaultRow) => void;
}

export async function runFaultCheck(proc: PluginProcess, info: PluginInfo, targets: Target[], creds: ResolvedCredentials, o: FaultRunOptions): Promise<FaultReport> {
  const report: FaultReport = { fault: o.fault, rows: [], failure: undefined };
  const exp = EXPECTED[o.fault];

  async function step(type: ModelType | null, model: string | null, action: string, data: Record<string, unknown>, credentialCheck: boolean, stream = false): Promise<void> {
    const from = o.log.length;
    const row: FaultRow = { type, model, action, fault: o.fault, expected: credentialCheck ? CREDENTIALS_EXPECTED : exp.label, raised: null, message: null, reason: null, requests: [], ok: false, why: null };
    try {
      const outcome = await proc.request(data, { timeoutMs: o.timeoutMs, onStream: stream ? () => {} : undefined });
      const entries = o.log.slice(from);
      row.requests = entries.map((e) => ({ method: e.method, url: `${e.host}${e.path}`, status: e.status, dialect: e.dialect, ...(e.grpcStatus !== undefined ? { grpcStatus: e.grpcStatus } : {}) }));
      if (outcome.error) {
        row.raised = outcome.error.error_type;
        row.message = outcome.error.message;
      } else if (outcome.rejected !== undefined) {
        row.raised = 'rejected';
        row.message = outcome.rejected;
      }
      judge(row, entries, credentialCheck);
    } catch (err) {
      if (!(err instanceof PluginFailure)) throw err;
      row.raised = 'crash';
      row.message = describeFailure(err);
      row.why = 'the plugin stopped';
      report.rows.push(row);
      o.onRow?.(row);
      report.failure = err;
      throw err;
    }
    report.rows.push(row);
    o.onRow?.(row);
  }

  function judge(row: FaultRow, entries: RequestLogEntry[], credentialCheck: boolean): void {
    const reasons = entries.map((e) => e.reason).filter((r): r is string => Boolean(r));
    if (entries.length === 0) {
      row.why = 'the plugin made no upstream request, so the fault was never seen';
      return;
    }
    if (entries.some((e) => !e.served)) {
      row.why = 'the plugin called an endpoint the mock does not serve (see requests)';
      return;
    }
    if (row.raised === null) {
      row.why = 'the plugin returned a result instead of an error';
      return;
    }
    const typeOk = credentialCheck ? row.raised === CREDENTIALS_EXPECTED : exp.accepted.length === 0 ? row.raised !== 'rejected' : exp.accepted.includes(row.raised);
    // The SDK replaces an InvokeAuthorizationError's message with its own fixed text.
    const needReason = reasons.length > 0 && (credentialCheck ? o.fault !== 'malformed' && o.fault !== 'timeout' : exp.reason) && row.raised !== 'InvokeAuthorizationError';
    if (needReason) row.reason = reasons.some((r) => carriesReason(row.message ?? '', r));
    if (!typeOk) row.why = `expected ${row.expected}, got ${row.raised}`;
    else if (row.reason === false) row.why = `the message does not carry the server's reason ("${reasons[0]}")`;
    row.ok = typeOk && row.reason !== false;
  }

  try {
    if (creds.provider) await step(null, null, 'validate_provider_credentials', requests.validateProvider(info.provider, creds.provider), true);
    for (let i = 0; i < targets.length; i++) {
      const t = targets[i];
      const m: ModelRef = { provider: info.provider, type: t.type, model: t.model, credentials: creds.perTarget[i] };
      if (t.form === 'model') await step(t.type, t.model, 'validate_model_credentials', requests.validateModel(m), true);
      switch (t.type) {
        case 'llm':
          await step(t.type, t.model, 'invoke_llm', requests.invokeLlm(m, SMOKE_INPUT.prompt), false, true);
          break;
        case 'text-embedding':
          await step(t.type, t.model, 'invoke_text_embedding', requests.embed(m, SMOKE_INPUT.embeddingTexts.slice(0, 1)), false);
          break;
        case 'rerank':
          await step(t.type, t.model, 'invoke_rerank', requests.rerank(m, SMOKE_INPUT.rerankQuery, SMOKE_INPUT.rerankDocs), false);
          break;
        case 'tts':
          await step(t.type, t.model, 'invoke_tts', requests.tts(m, SMOKE_INPUT.ttsText, t.defaultVoice ?? 'alloy'), false, true);
          break;
        case 'speech2text':
          await step(t.type, t.model, 'invoke_speech2text', requests.speech2text(m, o.audio), false);
          break;
        case 'moderation':
          await step(t.type, t.model, 'invoke_moderation', requests.moderation(m, SMOKE_INPUT.moderationText), false);
          break;
      }
    }
  } catch (err) {
    if (!(err instanceof PluginFailure)) throw err;
  }
  return report;
}
