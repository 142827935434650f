// The summary after the live lines: a table of every action, what is not run and why, and the
// verdict. Also the `--format json` object, a public interface (README).
import type { ChalkInstance } from 'chalk';
import type { StepResult } from '../smoke/result.js';
import type { ModelType } from '../../plugin/model-types.js';
import { oneLine } from './live.js';

export interface RunError {
  message: string;
  /** The Python exception line with the plugin file and line, when known. */
  cause: string | null;
  stderrTail: string[];
}

export interface InvokeJson {
  ok: boolean;
  results: StepResult[];
  notRun: { type: ModelType; reason: string }[];
  error: RunError | null;
  /** Under --mock: the mock, the proxy and what was filled into the credential forms. */
  mock?: import('./final.js').MockJson;
  /** Only when the run ended in an error before it started (exit 2). */
  exitCode?: number;
}

export function summaryTable(results: StepResult[], c: ChalkInstance, width = 120): string {
  if (results.length === 0) return '';
  const header = ['TYPE', 'MODEL', 'ACTION', 'RESULT', 'FIRST CHUNK', 'TOTAL', 'OUTPUT'];
  const rows = results.map((r) => [
    r.type ?? 'provider',
    r.model ?? '-',
    r.action,
    r.ok ? 'pass' : 'FAIL',
    r.firstChunkMs === null ? '-' : `${r.firstChunkMs} ms`,
    r.totalMs === null ? '-' : `${r.totalMs} ms`,
    r.ok ? (r.output ?? '') : (r.error ?? ''),
  ]);
  const widths = header.slice(0, -1).map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const used = widths.reduce((a, b) => a + b + 2, 0);
  const outWidth = Math.max(20, width - used);
  const fmt = (cells: string[], head = false) =>
    cells
      .map((cell, i) => {
        if (i === cells.length - 1) return oneLine(cell, outWidth);
        const padded = i === 4 || i === 5 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]);
        if (head) return padded;
        if (i === 3) return cells[3] === 'pass' ? c.green(padded) : c.red(padded);
        return padded;
      })
      .join('  ');
  return [c.bold(fmt(header, true)), ...rows.map((r) => fmt(r))].join('\n') + '\n';
}

export function verdict(results: StepResult[], notRun: { type: ModelType; reason: string }[], c: ChalkInstance): string {
  const failed = results.filter((r) => !r.ok).length;
  const types = new Set(results.map((r) => r.type).filter((t) => t !== null));
  const failedTypes = new Set(results.filter((r) => !r.ok).map((r) => r.type ?? 'provider'));
  const lines: string[] = [];
  for (const n of notRun) lines.push(c.yellow(`not run: ${n.type} (${n.reason})`));
  if (failed === 0 && notRun.length === 0) {
    lines.push(c.green(`All ${results.length} invocations passed (${types.size} model type${types.size === 1 ? '' : 's'}).`));
  } else {
    lines.push(c.red(`${failed} of ${results.length} invocations failed (${[...failedTypes].join(', ') || 'none'})${notRun.length ? `, ${notRun.length} model type${notRun.length === 1 ? '' : 's'} not run` : ''}.`));
  }
  return lines.join('\n') + '\n';
}
