import { Chalk, type ChalkInstance } from 'chalk';

/** chalk honours FORCE_COLOR; NO_COLOR (no-color.org) we honour here. FORCE_COLOR wins when both are set. */
export function makeChalk(stream: NodeJS.WriteStream = process.stdout): ChalkInstance {
  const env = process.env;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') {
    const n = Number(env.FORCE_COLOR);
    const level = env.FORCE_COLOR === 'true' ? 1 : env.FORCE_COLOR === 'false' ? 0 : Number.isFinite(n) ? Math.min(3, Math.max(0, n)) : 1;
    return new Chalk({ level: level as 0 | 1 | 2 | 3 });
  }
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return new Chalk({ level: 0 });
  return new Chalk({ level: stream.isTTY ? 1 : 0 });
}
