// `invoke --mock-fault <kind>`: every request the mock serves answers with that fault, in the
// dialect's own error shape, so a run shows how the plugin maps each one to a Dify error.
export const FAULT_KINDS = ['auth', 'rate-limit', 'server-error', 'timeout', 'malformed', 'model-not-found'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export function isFaultKind(v: string): v is FaultKind {
  return (FAULT_KINDS as readonly string[]).includes(v);
}

/** What each fault looks like on the wire (README, report). */
export const FAULT_DESCRIPTION: Record<FaultKind, string> = {
  auth: 'HTTP 401, the vendor\'s "invalid API key" body',
  'rate-limit': 'HTTP 429, the vendor\'s rate-limit body (with a short retry-after)',
  'server-error': 'HTTP 500, the vendor\'s internal-error body',
  timeout: 'no answer; the connection is closed without a response after a hold',
  malformed: 'HTTP 200 with a truncated JSON body',
  'model-not-found': 'HTTP 404 (or the vendor\'s status), the vendor\'s "model not found" body',
};

/** The body of the malformed fault: valid-looking JSON cut off mid-way. */
export const MALFORMED_BODY = '{"id": "mock-malformed", "object": "chat.completion", "choices": [{"index": 0, "message": {"role": "assi';

/** How long the timeout fault holds a request before closing the connection. */
export const TIMEOUT_HOLD_MS = 2000;
