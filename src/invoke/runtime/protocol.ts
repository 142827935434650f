// Shapes of the stdio protocol (protocol reference §3-§5, §7), and the lines the daemon side writes.
import { randomUUID } from 'node:crypto';

/** One parsed stdout line of the plugin. */
export interface PluginEvent {
  event?: string;
  session_id?: string | null;
  data?: unknown;
}

/** The `data` of a `session` event. */
export interface SessionMessage {
  type: 'stream' | 'error' | 'invoke' | 'end' | string;
  data: unknown;
}

/** A session `error`: the request failed inside the plugin (§5.2). */
export interface SessionError {
  error_type: string;
  message: string;
  args?: { description?: string; traceback?: string } | null;
}

export function newSessionId(): string {
  return randomUUID();
}

/** A request line, with all eight keys in the order the real daemon sends them (§3). */
export function requestLine(sessionId: string, data: Record<string, unknown>): string {
  return (
    JSON.stringify({
      session_id: sessionId,
      conversation_id: null,
      message_id: null,
      app_id: null,
      endpoint_id: null,
      context: null,
      event: 'request',
      data,
    }) + '\n'
  );
}

/** What Dify answers a model plugin that tries to call back into Dify (§7): refuse, then end. */
export const BACKWARDS_REFUSAL = 'you can not invoke dify from model';

export function backwardsRefusalLines(sessionId: string, backwardsRequestId: string): string {
  const envelope = (inner: Record<string, unknown>) =>
    JSON.stringify({
      session_id: sessionId,
      conversation_id: null,
      message_id: null,
      app_id: null,
      endpoint_id: null,
      context: null,
      event: 'backwards_response',
      data: { backwards_request_id: backwardsRequestId, ...inner },
    }) + '\n';
  return (
    envelope({ event: 'error', message: BACKWARDS_REFUSAL, data: null }) + envelope({ event: 'end', message: '', data: null })
  );
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
