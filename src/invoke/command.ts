// `model-plugin invoke`: validate, pick Python, build credentials, (start the mock upstream),
// launch the plugin as Dify does, run the smoke invocations, report. The plugin and the mock never
// outlive this function, whatever way it ends (error, timeout, Ctrl-C, SIGTERM).
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT } from '../cli/errors.js';
import { validatePlugin } from '../validate/pipeline.js';
import { stylish } from '../validate/reporters/stylish.js';
import { parseInvokeOptions, type InvokeCliOptions, type InvokeOptions } from './options.js';
import { pluginInfo, type PluginInfo } from './plugin-info.js';
import { resolveTargets } from './targets.js';
import { missingSdk, probePython, type PythonInfo } from './python.js';
import { resolveCredentials, type Credentials } from './credentials/index.js';
import { parseCredentialFlags, readCredentialsFile } from './credentials/sources.js';
import { canPrompt, promptFor } from './credentials/prompt.js';
import { Redactor } from './credentials/redact.js';
import { startMockServer, type MockServer } from './mock-server/server.js';
import { seedTiktokenCache } from './tiktoken-cache.js';
import { PluginFailure, PluginProcess } from './runtime/process.js';
import { runSmoke, type SmokeReport } from './smoke/run.js';
import { CheckFailure } from './smoke/result.js';
import { describeCause } from './smoke/errors.js';
import { audioExtension, sineWav } from './audio.js';
import { LiveReporter } from './report/live.js';
import { summaryTable, verdict, type InvokeJson, type RunError } from './report/summary.js';

/** The dummy key --mock puts into the credentials (the mock accepts any key). */
export const MOCK_API_KEY = 'sk-model-plugin-mock';

export async function runInvoke(cli: InvokeCliOptions): Promise<number> {
  quietOnClosedPipe();
  const options = parseInvokeOptions(cli);
  // The probe (a few ms of Python start-up) runs while the validator reads the plugin.
  const python = probePython(options.root, options.python);
  python.catch(() => {}); // reported below, after validation errors (which come first)

  const validation = validatePlugin(options.root);
  const live = new LiveReporter(options.json ? process.stderr : process.stdout, new Redactor());
  if (validation.result.diagnostics.some((d) => d.severity === 'error')) {
    const result = { plugins: [validation.result], ...count(validation.result.diagnostics) };
    const text = stylish(result, { cwd: process.cwd(), source: readSource });
    (options.json ? process.stderr : process.stdout).write(text);
    live.line(live.c.red(`✗ the plugin has validation errors (above); fix them first: Dify would refuse it.`));
    if (options.json) printJson({ ok: false, results: [], notRun: [], error: { message: `validation found ${result.errorCount} error(s)`, cause: null, stderrTail: [] } });
    return EXIT.problems;
  }

  const info = pluginInfo(validation.plugin);
  const targets = resolveTargets(info, options.types, options.models, options.mock);
  const py = await python;
  const given: Credentials = {
    ...(options.credentialsFile ? readCredentialsFile(options.credentialsFile) : {}),
    ...parseCredentialFlags(options.credentialFlags),
  };

  const session = new Session();
  try {
    session.installSignalHandlers();
    if (options.mock) {
      session.mock = await startMockServer();
      given.endpoint_url = session.mock.url; // the point of --mock: never a real upstream
      if (!given.api_key) given.api_key = MOCK_API_KEY;
    }
    const creds = await resolveCredentials(info, targets, given, { prompt: canPrompt() ? promptFor : undefined });
    const report = new LiveReporter(options.json ? process.stderr : process.stdout, creds.redactor);
    header(report, info, py, session.mock);

    session.proc = await launch(options, info, py, report);
    if (!session.proc) return EXIT.problems; // the failure was reported
    report.line(report.c.dim(`  plugin ready in ${Math.round(session.proc.readyMs ?? 0)} ms`));

    const smoke = await runSmoke(session.proc, info, targets, creds, smokeOptions(options), report);
    return finish(smoke, options, report, creds.redactor);
  } finally {
    await session.close();
  }
}

/**
 * `invoke ... | head`: when the reader goes away, end quietly instead of crashing on EPIPE. Kept
 * for the life of the process (the error can arrive after the run); the exit hook stops the plugin.
 */
function quietOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.listenerCount('error') > 0) continue;
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      process.exit(process.exitCode ?? EXIT.problems);
    });
  }
}

/** Owns the plugin process and the mock server for one run; closes both on every exit path. */
class Session {
  proc: PluginProcess | undefined;
  mock: MockServer | undefined;
  private readonly handlers: [NodeJS.Signals, () => void][] = [];

  installSignalHandlers(): void {
    for (const [signal, code] of [['SIGINT', EXIT.interrupted], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
      const handler = () => {
        this.proc?.kill(false); // the run stays where it is: we print nothing more and exit
        process.stderr.write(`\nmodel-plugin: ${signal === 'SIGINT' ? 'interrupted' : `got ${signal}`}; the plugin was stopped.\n`);
        // Wait (briefly) until the killed plugin is reaped, so no trace of it is left when we exit.
        const reaped = this.proc?.stop(false) ?? Promise.resolve();
        const cap = new Promise((resolve) => setTimeout(resolve, 2000).unref());
        void Promise.race([reaped, cap]).then(() => process.exit(code));
      };
      process.on(signal, handler);
      this.handlers.push([signal, handler]);
    }
  }

  async close(): Promise<void> {
    for (const [signal, handler] of this.handlers) process.off(signal, handler);
    await Promise.all([this.proc?.stop(), this.mock?.close()]);
  }
}

async function launch(options: InvokeOptions, info: PluginInfo, py: PythonInfo, live: LiveReporter): Promise<PluginProcess | undefined> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    INSTALL_METHOD: 'local', // beats a developer .env that says remote (protocol reference §1.2)
    TIKTOKEN_CACHE_DIR: seedTiktokenCache(), // offline GPT-2 tokenizer (§1.4)
    PYTHONUNBUFFERED: '1',
    PYTHONDONTWRITEBYTECODE: '1', // leave no __pycache__ in the user's plugin
  };
  try {
    return await PluginProcess.launch({
      python: py.python,
      entrypoint: info.entrypoint,
      root: info.root,
      env,
      startupTimeoutMs: options.timeoutMs,
      onOutput: options.verbose ? (source, text) => live.line(live.c.dim(`  [${source}] ${text}`)) : undefined,
    });
  } catch (err) {
    if (!(err instanceof PluginFailure)) throw err;
    if (/No module named '?dify_plugin'?/.test(err.cause_?.exception ?? '')) throw missingSdk(info.root, py.python, py.version);
    const error = runError(err);
    live.line(live.c.red(`✗ the plugin did not start: ${err.message}`));
    printFailureDetails(live, error);
    if (options.json) printJson({ ok: false, results: [], notRun: [], error }, live);
    return undefined;
  }
}

function finish(smoke: SmokeReport, options: InvokeOptions, live: LiveReporter, redactor: Redactor): number {
  const error = smoke.failure ? runError(smoke.failure) : null;
  if (error) printFailureDetails(live, error);
  const ok = !error && smoke.notRun.length === 0 && smoke.results.every((r) => r.ok);
  if (options.json) {
    printJson({ ok, results: smoke.results, notRun: smoke.notRun, error }, live);
  } else {
    live.line();
    process.stdout.write(redactor.redact(summaryTable(smoke.results, live.c, process.stdout.columns || 120)));
    live.line();
    process.stdout.write(redactor.redact(verdict(smoke.results, smoke.notRun, live.c)));
  }
  return ok ? EXIT.ok : EXIT.problems;
}

function runError(f: PluginFailure): RunError {
  return { message: f.message, cause: describeCause(f.cause_) ?? null, stderrTail: f.stderrTail };
}

function printFailureDetails(live: LiveReporter, error: RunError): void {
  if (error.cause) live.line(`    ${live.c.bold('cause:')} ${error.cause}`);
  if (error.stderrTail.length > 0) {
    live.line(`    ${live.c.dim('last lines of stderr:')}`);
    for (const l of error.stderrTail) live.line(`      ${live.c.dim('|')} ${l}`);
  }
}

function printJson(value: InvokeJson, live?: LiveReporter): void {
  const text = JSON.stringify(value, null, 2) + '\n';
  // Secrets never reach stdout, in any format.
  process.stdout.write(live ? live.redact(text) : text);
}

function header(live: LiveReporter, info: PluginInfo, py: PythonInfo, mock: MockServer | undefined): void {
  live.line(live.c.bold(`Plugin ${info.pluginName} · provider ${info.provider} (${info.providerFile})`));
  live.line(live.c.dim(`  Python ${py.version} (${py.source === '.venv' ? '.venv' : py.python}) · dify_plugin ${py.sdkVersion}`));
  if (mock) live.line(live.c.dim(`  mock upstream ${mock.url} (endpoint_url and a dummy api_key filled in)`));
}

function smokeOptions(options: InvokeOptions) {
  return {
    prompt: options.prompt,
    timeoutMs: options.timeoutMs,
    audio: options.audio?.bytes ?? sineWav(0.5),
    saveAudio: (audio: Buffer, mimeType: string | null) => saveAudio(audio, mimeType, options.out),
  };
}

/** Writes TTS audio atomically: to --out (checked up front) or to a new temp file. */
function saveAudio(audio: Buffer, mimeType: string | null, out: string | undefined): string {
  const target = out ?? join(tmpdir(), `model-plugin-tts-${randomBytes(4).toString('hex')}.${audioExtension(audio, mimeType)}`);
  const tmp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(tmp, audio, { flag: 'wx' });
    renameSync(tmp, target);
    return target;
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new CheckFailure(`the audio could not be written to ${target}: ${(err as Error).message}`);
  }
}

function count(diagnostics: { severity: string }[]) {
  return {
    errorCount: diagnostics.filter((d) => d.severity === 'error').length,
    warningCount: diagnostics.filter((d) => d.severity === 'warning').length,
  };
}

function readSource(root: string, file: string): string | undefined {
  try {
    const abs = join(root, file);
    return statSync(abs).size > 2 * 1024 * 1024 ? undefined : readFileSync(abs, 'utf8');
  } catch {
    return undefined;
  }
}
