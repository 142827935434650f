import { Chalk, type ChalkInstance } from 'chalk';
import { colorLevel } from './color-level.js';

/** chalk for a stream, synchronously (the invoke reporter); see color-level.ts for the rules. */
export function makeChalk(stream: NodeJS.WriteStream = process.stdout): ChalkInstance {
  return new Chalk({ level: colorLevel(stream) });
}
