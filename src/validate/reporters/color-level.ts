// Colour decisions without loading chalk: FORCE_COLOR wins, then NO_COLOR (no-color.org), then
// whether the stream is a terminal. Output for pipes and CI (level 0) never needs chalk at all.
import type { ChalkInstance } from 'chalk';

export type ColorLevel = 0 | 1 | 2 | 3;

export function colorLevel(stream: NodeJS.WriteStream = process.stdout): ColorLevel {
  const env = process.env;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') {
    if (env.FORCE_COLOR === 'true') return 1;
    if (env.FORCE_COLOR === 'false') return 0;
    const n = Number(env.FORCE_COLOR);
    return (Number.isFinite(n) ? Math.min(3, Math.max(0, Math.trunc(n))) : 1) as ColorLevel;
  }
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  return stream.isTTY ? 1 : 0;
}

/** Stands in for chalk at level 0: every style, chained or called, returns the text unchanged. */
const plain: ChalkInstance = new Proxy(((...text: unknown[]) => text.join(' ')) as unknown as ChalkInstance, {
  // Not a thenable: `await loadColors()` must not treat the stand-in as a promise.
  get: (_target, prop) => (prop === 'then' ? undefined : prop === 'level' ? 0 : plain),
});

/** chalk at the right level, loaded only when there is colour to print. */
export async function loadColors(stream: NodeJS.WriteStream = process.stdout): Promise<ChalkInstance> {
  const level = colorLevel(stream);
  if (level === 0) return plain;
  const { Chalk } = await import('chalk');
  return new Chalk({ level });
}
