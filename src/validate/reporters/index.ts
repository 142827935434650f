// Reporters are pluggable (like ESLint formatters) and loaded on demand: `--format json` in CI never
// loads chalk or the SARIF rule metadata.
import type { Reporter } from './types.js';

export const REPORTERS: Record<string, () => Promise<Reporter>> = {
  stylish: async () => (await import('./stylish.js')).stylish,
  json: async () => (await import('./json.js')).json,
  github: async () => (await import('./github.js')).github,
  sarif: async () => (await import('./sarif.js')).sarif,
};
export type { Reporter, ReporterContext } from './types.js';
