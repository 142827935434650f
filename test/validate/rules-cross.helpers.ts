// Shared by the rules-cross*.test.ts files: edit the fixture's files precisely and find lines in
// them, so that every test states the exact rule, file and line it expects.
import { BASE_FILES, makePlugin, removePlugin, type FixtureOptions } from '../helpers/fixture.js';
import { diagnosticsOf } from '../helpers/validate.js';
import type { Diagnostic } from '../../src/validate/diagnostic.js';

export const PROVIDER = 'provider/acme.yaml';
export const MANIFEST = 'manifest.yaml';

/** `BASE_FILES[file]` with `from` replaced by `to`; throws when `from` is not there (a test must really change the file). */
export function edit(file: string, from: string | RegExp, to: string, base: string = BASE_FILES[file]): string {
  const out = base.replace(from, to);
  if (out === base) throw new Error(`edit(${file}): ${String(from)} not found`);
  return out;
}

/** 1-based line of the first line containing `needle` (after `after`, if given). */
export function lineOf(content: string, needle: string, after?: string): number {
  const lines = content.split('\n');
  const start = after === undefined ? 0 : lines.findIndex((l) => l.includes(after));
  if (start < 0) throw new Error(`lineOf: ${after} not found`);
  const idx = lines.findIndex((l, i) => i >= start && l.includes(needle));
  if (idx < 0) throw new Error(`lineOf: ${needle} not found`);
  return idx + 1;
}

/** "RULE severity file:line" for the given rule only. */
export function found(root: string, ruleId: string): string[] {
  return diagnosticsOf(root, [ruleId]).map((d) => `${d.ruleId} ${d.severity} ${d.file ?? '-'}:${d.line}`);
}

export function diags(root: string, ruleId: string): Diagnostic[] {
  return diagnosticsOf(root, [ruleId]);
}


const roots: string[] = [];
/** makePlugin, remembered for cleanup(). */
export function tracked(options: FixtureOptions = {}): string {
  const root = makePlugin(options);
  roots.push(root);
  return root;
}

/** Removes every plugin made with tracked() (use in afterAll). */
export function cleanup(): void {
  for (const r of roots.splice(0)) removePlugin(r);
}
