// The --mock-fault report: one table per model type (fault, expected error, raised error,
// pass/fail), a verdict, and the same rows in the --format json object.
import type { ChalkInstance } from 'chalk';
import type { FaultReport, FaultRow } from './run.js';
import { FAULT_DESCRIPTION } from '../mock-server/faults.js';
import { oneLine } from '../report/live.js';

export function faultRowLine(r: FaultRow, c: ChalkInstance): string {
  const mark = r.ok ? c.green('✓') : c.red('✗');
  const what = [r.type ?? 'provider', r.model, r.action].filter(Boolean).join('  ');
  const got = r.raised ?? 'no error';
  return `${mark} ${what}  ${c.dim(`raised ${got}`)}${r.ok ? '' : `\n    ${c.red(r.why ?? '')}`}`;
}

export function faultTables(report: FaultReport, c: ChalkInstance, width = 120): string {
  const out: string[] = [c.bold(`Fault ${report.fault}: ${FAULT_DESCRIPTION[report.fault]}`)];
  const groups = new Map<string, FaultRow[]>();
  for (const r of report.rows) {
    const key = r.type ?? 'provider';
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const header = ['ACTION', 'FAULT', 'EXPECTED', 'RAISED', 'REASON', 'RESULT'];
  for (const [type, rows] of groups) {
    out.push('', c.bold(`${type}${rows[0].model ? `  ${rows[0].model}` : ''}`));
    const cells = rows.map((r) => [r.action, r.fault, r.expected, r.raised ?? 'no error', r.reason === null ? '-' : r.reason ? 'quoted' : 'missing', r.ok ? 'pass' : 'FAIL']);
    const widths = header.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i].length)));
    const fmt = (row: string[]) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ');
    out.push(c.bold(fmt(header)));
    rows.forEach((r, i) => {
      const line = fmt(cells[i]);
      out.push(r.ok ? line : c.red(line));
      if (!r.ok && r.why) out.push(`  ${c.dim(oneLine(r.why, width - 4))}`);
      if (!r.ok && r.message) out.push(`  ${c.dim(oneLine(`message: ${r.message}`, width - 4))}`);
    });
  }
  const failed = report.rows.filter((r) => !r.ok).length;
  out.push('');
  out.push(
    failed === 0
      ? c.green(`All ${report.rows.length} checks turned the ${report.fault} fault into the right Dify error.`)
      : c.red(`${failed} of ${report.rows.length} checks did not turn the ${report.fault} fault into the right Dify error.`),
  );
  return out.join('\n') + '\n';
}

/** Prints the end of a fault run (tables or the JSON object); returns whether every check passed. */
export function finishFaults(report: FaultReport, json: boolean, live: { c: ChalkInstance; line(text?: string): void; redact(text: string): string }, runError: unknown): boolean {
  const ok = !report.failure && report.rows.length > 0 && report.rows.every((r) => r.ok);
  if (json) {
    process.stdout.write(live.redact(JSON.stringify({ ok, fault: report.fault, faults: report.rows, error: runError ?? null }, null, 2) + '\n'));
  } else {
    live.line();
    process.stdout.write(live.redact(faultTables(report, live.c, process.stdout.columns || 120)));
  }
  return ok;
}
