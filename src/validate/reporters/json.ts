// `--format json`: the public JSON shape documented in the README. Keep it stable.
import type { Reporter } from './types.js';

export const json: Reporter = (result) => {
  const out = {
    plugins: result.plugins.map((p) => ({
      root: p.root,
      name: p.name,
      diagnostics: p.diagnostics.map((d) => ({
        ruleId: d.ruleId,
        severity: d.severity,
        message: d.message,
        file: d.file,
        line: d.line,
        column: d.column,
        ...(d.endLine !== undefined ? { endLine: d.endLine, endColumn: d.endColumn } : {}),
        ...(d.related ? { related: d.related } : {}),
        ...(d.fix ? { fixable: true } : {}),
      })),
    })),
    errorCount: result.errorCount,
    warningCount: result.warningCount,
  };
  return JSON.stringify(out) + '\n';
};
