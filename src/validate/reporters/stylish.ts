// `--format stylish` (default): grouped by plugin and file, a code frame under each error, a summary.
import { relative, join } from 'node:path';
import type { ChalkInstance } from 'chalk';
import type { Reporter } from './types.js';
import { codeFrame } from './code-frame.js';
import type { Diagnostic } from '../diagnostic.js';
import { RULES } from '../rules/index.js';
import { ruleDocsUrl } from '../rule-docs.js';
import { visible } from '../../cli/visible.js';

const NAMES = new Map(RULES.map((r) => [r.id, r.name]));

/** The stylish reporter, printing with `c` (chalk, or plain text; see color-level.ts). */
export const stylishWith = (c: ChalkInstance): Reporter => (result, ctx) => {
  const out: string[] = [];
  let infoCount = 0;
  let fixable = 0;
  const used = new Set<string>();
  for (const p of result.plugins) {
    if (p.diagnostics.length === 0) continue;
    const rootShown = visible(relative(ctx.cwd, p.root) || '.');
    out.push(c.bold(`${rootShown}${p.name ? ` (${visible(p.name)})` : ''}`));
    const byFile = new Map<string, Diagnostic[]>();
    for (const d of p.diagnostics) {
      const key = d.file ?? '';
      if (!byFile.has(key)) byFile.set(key, []);
      byFile.get(key)!.push(d);
    }
    for (const [file, list] of byFile) {
      const shown = file ? visible(relative(ctx.cwd, join(p.root, file)).split('\\').join('/')) : rootShown;
      out.push(`  ${c.underline(shown)}`);
      const source = file ? ctx.source(p.root, file) : undefined;
      for (const d of list) {
        if (d.severity === 'info') infoCount++;
        const sev = d.severity === 'error' ? c.red('error') : d.severity === 'warning' ? c.yellow('warning') : c.blue('info');
        used.add(d.ruleId);
        // Ruff's [*]: this finding goes away with --fix.
        const mark = d.fix ? `${c.green('[*]')} ` : '';
        if (d.fix) fixable++;
        out.push(`    ${c.dim(`${d.line}:${d.column}`)}  ${sev}  ${mark}${visible(d.message)}  ${c.dim(`${d.ruleId} ${NAMES.get(d.ruleId) ?? ''}`.trim())}`);
        if (d.related) out.push(c.dim(`      ${d.related.length + 1} places: this one and ${relatedList(d.related, file)}`));
        if (d.severity === 'error' && source && !d.hideSource) {
          const frame = codeFrame(source, d.line, d.column, d.endLine, d.endColumn, c);
          if (frame) out.push(indent(frame, 6));
        }
      }
    }
    out.push('');
  }
  // One documentation link per rule that reported (the README's rule table, rule-docs.ts).
  if (used.size > 0) {
    out.push(c.dim('Rule docs:'));
    for (const id of [...used].sort(byRuleOrder)) out.push(c.dim(`  ${id} ${NAMES.get(id) ?? ''}  ${ruleDocsUrl(id)}`));
    out.push('');
  }
  const total = result.errorCount + result.warningCount;
  const plugins = `${result.plugins.length} plugin${result.plugins.length === 1 ? '' : 's'}`;
  if (total === 0) {
    out.push(c.green(`✔ ${plugins} checked, no problems${infoCount ? ` (${infoCount} info)` : ''}`));
    if (ctx.hiddenInfo) out.push(c.dim(`${ctx.hiddenInfo} info finding${ctx.hiddenInfo === 1 ? '' : 's'} hidden; --verbose shows them.`));
  } else {
    const line = `✖ ${total} problem${total === 1 ? '' : 's'} (${result.errorCount} error${result.errorCount === 1 ? '' : 's'}, ${result.warningCount} warning${result.warningCount === 1 ? '' : 's'}) in ${plugins}`;
    out.push(result.errorCount > 0 ? c.red.bold(line) : c.yellow.bold(line));
    if (ctx.hiddenInfo) out.push(c.dim(`${ctx.hiddenInfo} info finding${ctx.hiddenInfo === 1 ? '' : 's'} hidden; --verbose shows them.`));
  }
  if (fixable > 0) out.push(c.green(`[*] ${fixable} fixable with \`model-plugin validate --fix\` (preview: --fix-dry-run).`));
  if (ctx.maxWarnings !== undefined && result.errorCount === 0 && result.warningCount > ctx.maxWarnings) {
    out.push(c.red(`model-plugin found too many warnings (maximum: ${ctx.maxWarnings}).`));
  }
  return out.join('\n') + '\n';
};

/** The other places of a grouped finding: line numbers in the same file, paths elsewhere; at most 10. */
function relatedList(related: NonNullable<Diagnostic['related']>, file: string): string {
  const shown = related.slice(0, 10).map((r) => ((r.file ?? '') === file ? `${r.line}:${r.column}` : `${r.file ?? '.'}:${r.line}:${r.column}`));
  const rest = related.length - shown.length;
  return visible(shown.join(', ')) + (rest > 0 ? ` and ${rest} more` : '');
}

const ORDER = new Map(RULES.map((r, i) => [r.id, i]));
function byRuleOrder(a: string, b: string): number {
  return (ORDER.get(a) ?? 0) - (ORDER.get(b) ?? 0);
}

function indent(s: string, n: number): string {
  const pad = ' '.repeat(n);
  return s.split('\n').map((l) => pad + l).join('\n');
}
