import type { ValidationResult } from '../diagnostic.js';

export interface ReporterContext {
  /** Folder paths are shown relative to. */
  cwd: string;
  /** Reads a plugin file's text for code frames (relative to the plugin root); undefined if unavailable. */
  source(root: string, file: string): string | undefined;
  maxWarnings?: number;
  /** Info findings left out because --verbose was not given. */
  hiddenInfo?: number;
}

/** A reporter turns a result into the text printed on stdout (pluggable, like ESLint formatters). */
export type Reporter = (result: ValidationResult, ctx: ReporterContext) => string;
