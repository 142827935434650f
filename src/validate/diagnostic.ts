// A diagnostic is the unit every stage produces and every reporter prints. Its JSON form is a
// public interface (README "JSON format"): keep field names and meanings stable.
import type { TextEdit } from '../plugin/yaml-edit.js';

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  ruleId: string;
  severity: Severity;
  /** Says what is wrong and how to fix it. */
  message: string;
  /** Path relative to the plugin root, forward slashes; null when about the plugin as a whole. */
  file: string | null;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /**
   * The same problem in other places (a grouped finding counts once): each with its own position
   * and message. Absent when the problem occurs once.
   */
  related?: RelatedLocation[];
  /** The line may hold a secret: reporters must not quote the source (no code frame). */
  hideSource?: boolean;
  /** The certain repair `validate --fix` applies (JSON output shows only `fixable: true`). */
  fix?: Fix;
}

/** Replace `text[start, end)` of a file's text (without its BOM) by `text` (src/plugin/yaml-edit.ts). */
export type { TextEdit } from '../plugin/yaml-edit.js';

/** An ESLint-style fix: edits of one file, and a line saying what they change. */
export interface Fix {
  /** Path relative to the plugin root, as in Diagnostic.file. */
  file: string;
  /** Says what the fix does, for the "fixed" lines `--fix` prints. */
  description: string;
  edits: TextEdit[];
  /** Length of the text the edits were made against (the fixer skips the fix if the file changed). */
  textLength?: number;
  /** Drop the file's UTF-8 byte order mark. */
  removeBom?: boolean;
}

export interface RelatedLocation {
  file: string | null;
  line: number;
  column: number;
  message: string;
}

export interface PluginResult {
  /** Plugin root as given/discovered (absolute). */
  root: string;
  /** manifest `name`, or null when it cannot be read. */
  name: string | null;
  diagnostics: Diagnostic[];
}

export interface ValidationResult {
  plugins: PluginResult[];
  errorCount: number;
  warningCount: number;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  const fa = a.file ?? '';
  const fb = b.file ?? '';
  if (fa !== fb) return fa < fb ? -1 : 1;
  return a.line - b.line || a.column - b.column || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.ruleId.localeCompare(b.ruleId);
}

export function countBySeverity(plugins: PluginResult[]): { errorCount: number; warningCount: number } {
  let errorCount = 0;
  let warningCount = 0;
  for (const p of plugins) {
    for (const d of p.diagnostics) {
      if (d.severity === 'error') errorCount++;
      else if (d.severity === 'warning') warningCount++;
    }
  }
  return { errorCount, warningCount };
}
