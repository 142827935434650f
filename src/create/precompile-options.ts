// Shared by precompile.ts (build-time) and render.ts (run-time) without loading the compiler.
import { createHash } from 'node:crypto';

/** noEscape: HTML escaping corrupts YAML and Python. strict: a missing value is an error. */
export const COMPILE_OPTIONS = { noEscape: true, strict: true } as const;

/** Identifies the template text a precompiled entry was made from. */
export function templateHash(source: string): string {
  return createHash('sha256').update(source).digest('hex').slice(0, 16);
}
