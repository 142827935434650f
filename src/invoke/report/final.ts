// What is printed around the live lines: the header, failure details, and the end (summary table
// and verdict, or the JSON object). Every text passes through the redactor.
import type { LiveReporter } from './live.js';
import { summaryTable, verdict, type InvokeJson, type RunError } from './summary.js';
import type { PluginInfo } from '../plugin-info.js';
import type { PythonInfo } from '../python.js';
import type { MockServer } from '../mock-server/server.js';
import type { HermeticProxy } from '../hermetic/proxy.js';
import type { MockFilled } from '../credentials/mock-fill.js';
import { MASK } from '../credentials/redact.js';
import { UsageError } from '../../cli/errors.js';
import type { SmokeReport } from '../smoke/run.js';
import type { PluginFailure } from '../runtime/process.js';
import { describeCause } from '../smoke/errors.js';

export interface MockJson {
  url: string;
  proxy: string;
  /** What --mock filled into the credential forms (secret values masked). */
  filled: { variable: string; value: string; why: string }[];
}

export function mockSummary(url: string, proxy: string, filled: MockFilled[]): MockJson {
  return { url, proxy, filled: filled.map((f) => ({ variable: f.variable, value: f.secret ? MASK : f.value, why: f.why })) };
}

export function header(
  live: LiveReporter,
  info: PluginInfo,
  py: PythonInfo,
  mock: { mock: MockServer; proxy: HermeticProxy; filled: MockFilled[] } | undefined,
): void {
  live.line(live.c.bold(`Plugin ${info.pluginName} · provider ${info.provider} (${info.providerFile})`));
  live.line(live.c.dim(`  Python ${py.version} (${py.source === '.venv' ? '.venv' : py.python}) · dify_plugin ${py.sdkVersion}`));
  if (!mock) return;
  live.line(live.c.dim(`  mock upstream ${mock.mock.url} · every request of the plugin (any host, HTTP or HTTPS) goes to it through ${mock.proxy.url}`));
  if (mock.filled.length > 0) {
    const list = mock.filled.map((f) => `${f.variable}=${f.secret ? MASK : f.value}`).join(', ');
    live.line(live.c.dim(`  filled for the mock: ${list}`));
  }
}

export function runError(f: PluginFailure): RunError {
  return { message: f.message, cause: describeCause(f.cause_) ?? null, stderrTail: f.stderrTail };
}

export function printFailureDetails(live: LiveReporter, error: RunError): void {
  if (error.cause) live.line(`    ${live.c.bold('cause:')} ${error.cause}`);
  if (error.stderrTail.length > 0) {
    live.line(`    ${live.c.dim('last lines of stderr:')}`);
    for (const l of error.stderrTail) live.line(`      ${live.c.dim('|')} ${l}`);
  }
}

let jsonPrinted = false;

/** The `--format json` object on stdout (secrets masked). Printed once per run. */
export function printJson(live: LiveReporter, value: InvokeJson): void {
  if (jsonPrinted) return;
  jsonPrinted = true;
  process.stdout.write(live.redact(JSON.stringify(value, null, 2) + '\n'));
}

/**
 * The JSON object of a run that ended in an error before its report (a usage or environment error,
 * exit 2, or a bug): unless one was printed already. The message is the one printed on stderr,
 * which never holds a secret value (usage errors name variables, not values).
 */
export function printErrorJson(err: unknown): void {
  if (jsonPrinted) return;
  jsonPrinted = true;
  const usage = err instanceof UsageError;
  const message = usage ? err.message : `internal error (a bug in model-plugin): ${err instanceof Error ? err.message : String(err)}`;
  const value: InvokeJson = { ok: false, results: [], notRun: [], error: { message, cause: null, stderrTail: [] }, exitCode: usage ? err.exitCode : 2 };
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/** Prints the end of a run; returns whether every invocation passed. */
export function finish(smoke: SmokeReport, json: boolean, live: LiveReporter, mock?: MockJson): boolean {
  const error = smoke.failure ? runError(smoke.failure) : null;
  if (error) printFailureDetails(live, error);
  const ok = !error && smoke.notRun.length === 0 && smoke.results.every((r) => r.ok);
  if (json) {
    printJson(live, { ok, results: smoke.results, notRun: smoke.notRun, error, ...(mock ? { mock } : {}) });
  } else {
    live.line();
    process.stdout.write(live.redact(summaryTable(smoke.results, live.c, process.stdout.columns || 120)));
    live.line();
    process.stdout.write(live.redact(verdict(smoke.results, smoke.notRun, live.c)));
  }
  return ok;
}
