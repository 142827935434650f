// What is printed around the live lines: the header, failure details, and the end (summary table
// and verdict, or the JSON object). Every text passes through the redactor.
import type { LiveReporter } from './live.js';
import { summaryTable, verdict, type InvokeJson, type RunError } from './summary.js';
import type { PluginInfo } from '../plugin-info.js';
import type { PythonInfo } from '../python.js';
import type { MockServer } from '../mock-server/server.js';
import type { SmokeReport } from '../smoke/run.js';
import type { PluginFailure } from '../runtime/process.js';
import { describeCause } from '../smoke/errors.js';

export function header(live: LiveReporter, info: PluginInfo, py: PythonInfo, mock: MockServer | undefined): void {
  live.line(live.c.bold(`Plugin ${info.pluginName} · provider ${info.provider} (${info.providerFile})`));
  live.line(live.c.dim(`  Python ${py.version} (${py.source === '.venv' ? '.venv' : py.python}) · dify_plugin ${py.sdkVersion}`));
  if (!mock) return;
  live.line(live.c.dim(`  mock upstream ${mock.url} (endpoint_url and a dummy api_key filled in)`));
  const fields = [...(info.providerForm ?? []), ...(info.modelForm ?? [])];
  if (!fields.some((f) => f.variable === 'endpoint_url')) {
    live.line(
      live.c.yellow(
        `  note: the credential form has no endpoint_url field; --mock reaches plugins that read credentials["endpoint_url"] (the SDK's OpenAI-compatible classes do). Others still call their real API.`,
      ),
    );
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

/** The `--format json` object on stdout (secrets masked). */
export function printJson(live: LiveReporter, value: InvokeJson): void {
  // Values are redacted before serialising: in the JSON text a secret with `"` or `\` is escaped.
  process.stdout.write(live.redact(JSON.stringify(live.redactValue(value), null, 2) + '\n'));
}

/** Prints the end of a run; returns whether every invocation passed. */
export function finish(smoke: SmokeReport, json: boolean, live: LiveReporter): boolean {
  const error = smoke.failure ? runError(smoke.failure) : null;
  if (error) printFailureDetails(live, error);
  const ok = !error && smoke.notRun.length === 0 && smoke.results.every((r) => r.ok);
  if (json) {
    printJson(live, { ok, results: smoke.results, notRun: smoke.notRun, error });
  } else {
    live.line();
    process.stdout.write(live.redact(summaryTable(smoke.results, live.c, process.stdout.columns || 120)));
    live.line();
    process.stdout.write(live.redact(verdict(smoke.results, smoke.notRun, live.c)));
  }
  return ok;
}
