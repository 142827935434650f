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

/** One line daemon → plugin: the eight envelope keys in the order the real daemon sends them (§3). */
function envelopeLine(sessionId: string, event: string, data: unknown): string {
  return (
    JSON.stringify({
      session_id: sessionId,
      conversation_id: null,
      message_id: null,
      app_id: null,
      endpoint_id: null,
      context: null,
      event,
      data,
    }) + '\n'
  );
}

/** A request line (§3). */
export function requestLine(sessionId: string, data: Record<string, unknown>): string {
  return envelopeLine(sessionId, 'request', data);
}

/** What Dify answers a model plugin that tries to call back into Dify (§7): refuse, then end. */
export const BACKWARDS_REFUSAL = 'you can not invoke dify from model';

export function backwardsRefusalLines(sessionId: string, backwardsRequestId: string): string {
  const reply = (inner: Record<string, unknown>) =>
    envelopeLine(sessionId, 'backwards_response', { backwards_request_id: backwardsRequestId, ...inner });
  return reply({ event: 'error', message: BACKWARDS_REFUSAL, data: null }) + reply({ event: 'end', message: '', data: null });
}

export { isRecord as isObject } from '../../plugin/values.js';
