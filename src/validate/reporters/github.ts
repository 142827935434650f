// `--format github`: GitHub Actions workflow commands, so problems show as annotations on the PR.
import { relative, join } from 'node:path';
import type { Reporter } from './types.js';
import { RULES } from '../rules/index.js';

const NAMES = new Map(RULES.map((r) => [r.id, r.name]));

export const github: Reporter = (result, ctx) => {
  const lines: string[] = [];
  for (const p of result.plugins) {
    for (const d of p.diagnostics) {
      const level = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'notice';
      const file = relative(ctx.cwd, join(p.root, d.file ?? 'manifest.yaml')).split('\\').join('/');
      const props = [`file=${escapeProperty(file)}`, `line=${d.line}`, `col=${d.column}`];
      if (d.endLine !== undefined) props.push(`endLine=${d.endLine}`, `endColumn=${d.endColumn}`);
      props.push(`title=${escapeProperty(`model-plugin ${d.ruleId} ${NAMES.get(d.ruleId) ?? ''}`.trim())}`);
      const more = d.related ? ` (and ${d.related.length} more: ${d.related.map((r) => `${r.file ?? '.'}:${r.line}`).join(', ')})` : '';
      lines.push(`::${level} ${props.join(',')}::${escapeData(d.message + more)}`);
    }
  }
  lines.push(`${result.errorCount} error(s), ${result.warningCount} warning(s) in ${result.plugins.length} plugin(s)`);
  return lines.join('\n') + '\n';
};

// Escaping rules of the workflow command syntax (actions/toolkit core/command.ts).
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
