// A small code frame (like @babel/code-frame) under each error: the offending line with two lines of
// context and a caret under the located span.
import type { ChalkInstance } from 'chalk';
import { visible } from '../../cli/visible.js';

export function codeFrame(source: string, line: number, column: number, endLine: number | undefined, endColumn: number | undefined, c: ChalkInstance): string {
  const lines = source.split(/\r?\n/);
  if (line < 1 || line > lines.length) return '';
  const first = Math.max(1, line - 2);
  const last = Math.min(lines.length, line + 1);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const text = truncate(visible(lines[n - 1].replace(/\t/g, ' ')));
    const gutter = String(n).padStart(width);
    if (n === line) {
      out.push(`${c.red.bold('>')} ${c.gray(gutter + ' |')} ${text}`);
      const span = endLine === line && endColumn && endColumn > column ? endColumn - column : 1;
      const caretLen = Math.max(1, Math.min(span, Math.max(1, text.length - column + 2)));
      out.push(`  ${' '.repeat(width)} ${c.gray('|')} ${' '.repeat(Math.max(0, column - 1))}${c.red.bold('^'.repeat(caretLen))}`);
    } else {
      out.push(`  ${c.gray(gutter + ' |')} ${text}`);
    }
  }
  return out.join('\n');
}

function truncate(s: string): string {
  return s.length > 160 ? s.slice(0, 157) + '...' : s;
}
