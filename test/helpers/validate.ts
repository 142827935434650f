// Runs the validator in-process on one plugin and returns its diagnostics.
import { validatePlugin } from '../../src/validate/pipeline.js';
import type { Diagnostic } from '../../src/validate/diagnostic.js';

export function diagnosticsOf(root: string, rules?: string[]): Diagnostic[] {
  return validatePlugin(root, rules ? { rules: new Set(rules) } : {}).result.diagnostics;
}

/** Short, assertion-friendly form: "RULE file:line". */
export function brief(d: Diagnostic): string {
  return `${d.ruleId} ${d.file ?? '-'}:${d.line}`;
}
