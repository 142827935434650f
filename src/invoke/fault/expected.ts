// Which Dify error each injected fault must become (Dify's InvokeError family, dify_plugin
// errors/model.py), and whether the plugin's message must carry the server's reason.
import type { FaultKind } from '../mock-server/faults.js';

export interface Expectation {
  /** What the report shows as "expected". */
  label: string;
  /** Error types that pass. Empty: any error passes (only a result is wrong). */
  accepted: string[];
  /** Whether the message must quote the server's reason. */
  reason: boolean;
}

export const EXPECTED: Record<FaultKind, Expectation> = {
  auth: { label: 'InvokeAuthorizationError', accepted: ['InvokeAuthorizationError'], reason: false },
  'rate-limit': { label: 'InvokeRateLimitError', accepted: ['InvokeRateLimitError'], reason: true },
  'server-error': { label: 'InvokeServerUnavailableError', accepted: ['InvokeServerUnavailableError'], reason: true },
  // A held request that is closed without an answer: a read timeout or a connection reset,
  // which clients map to InvokeConnectionError or (requests' ConnectionError) ServerUnavailable.
  timeout: { label: 'InvokeConnectionError', accepted: ['InvokeConnectionError', 'InvokeServerUnavailableError'], reason: false },
  malformed: { label: 'an InvokeError (any)', accepted: [], reason: false },
  'model-not-found': { label: 'InvokeBadRequestError', accepted: ['InvokeBadRequestError'], reason: true },
};

/** Credential checks raise CredentialsValidateFailedError whatever the cause; it must say why. */
export const CREDENTIALS_EXPECTED = 'CredentialsValidateFailedError';

/** Whether `message` carries `reason` (allowing JSON escaping and whitespace changes). */
export function carriesReason(message: string, reason: string): boolean {
  const norm = (s: string) => s.replace(/\\(["'\\/])/g, '$1').replace(/\s+/g, ' ').toLowerCase();
  const m = norm(message);
  const r = norm(reason);
  // The first words are enough: plugins may cut or wrap long messages.
  return m.includes(r.slice(0, Math.min(r.length, 40)));
}
