// One row of the outcome: an action sent to the plugin and what came back. Its JSON form is the
// public `--format json` interface: keep the field names and meanings stable.
import type { ModelType } from '../../plugin/model-types.js';
import type { ProxiedRequest } from '../hermetic/proxy.js';

export interface StepResult {
  /** The model type, or null for validate_provider_credentials (it is about the provider). */
  type: ModelType | null;
  model: string | null;
  action: string;
  ok: boolean;
  /** Milliseconds from sending the request to the first `stream` message, null when none came. */
  firstChunkMs: number | null;
  /** Milliseconds from sending the request to its `end` (or the failure). */
  totalMs: number | null;
  /** A short excerpt of what the model returned. */
  output: string | null;
  /** Why it failed, with the plugin file and line when known. */
  error: string | null;
  /** Under --mock: the HTTP requests the plugin made for this action (method, URL, status, ms). */
  requests?: ProxiedRequest[];
  /** Things to know about a step that passed (e.g. a request the mock does not serve). */
  notes?: string[];
}

/** A check of a result failed: the plugin answered, but not what Dify expects. */
export class CheckFailure extends Error {}
