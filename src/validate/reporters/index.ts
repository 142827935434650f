// Reporters are pluggable (like ESLint formatters) and loaded on demand: `--format json` in CI never
// loads chalk or the SARIF rule metadata.
import type { Reporter } from './types.js';

export const REPORTERS: Record<string, () => Promise<Reporter>> = {
  stylish: async () => {
    const [{ stylishWith }, { loadColors }] = await Promise.all([import('./stylish.js'), import('./color-level.js')]);
    return stylishWith(await loadColors());
  },
  json: async () => (await import('./json.js')).json,
  github: async () => (await import('./github.js')).github,
  sarif: async () => (await import('./sarif.js')).sarif,
};
export type { Reporter, ReporterContext } from './types.js';
