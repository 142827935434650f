// `model-plugin invoke`: check the plugin and the credentials, start the plugin as Dify does (with
// the mock upstream under --mock), run the smoke invocations, report. Validation comes first in
// effect: its errors stop the run (exit 1) before anything is invoked. To keep the run fast it
// works while the plugin's Python starts; a plugin with errors is stopped before it is used.
// The plugin and the mock never outlive this function (error, timeout, Ctrl-C, SIGTERM).
import { EXIT, UsageError } from '../cli/errors.js';
import { exitCodeFor } from '../cli/run-command.js';
import { loadPlugin, type LoadedPlugin } from '../plugin/load.js';
import { parseInvokeOptions, type InvokeCliOptions, type InvokeOptions } from './options.js';
import { pluginInfo, type PluginInfo } from './plugin-info.js';
import { resolveTargets, type Target, type Unservable } from './targets.js';
import { choosePython, missingSdk, probePython } from './python.js';
import { resolveCredentials, type Credentials, type ResolvedCredentials } from './credentials/index.js';
import type { ModelType } from '../plugin/model-types.js';
import { credentialsFromEnv, parseCredentialFlags, readCredentialsFile } from './credentials/sources.js';
import { fillForMock, substituteMockPlaceholder, usesMockPlaceholder, MOCK_PLACEHOLDER, type MockFilled } from './credentials/mock-fill.js';
import { createRunCa, startHermeticProxy, type HermeticProxy } from './hermetic/proxy.js';
import { startupProgress } from './report/progress.js';
import { canPrompt, promptFor } from './credentials/prompt.js';
import { Redactor } from './credentials/redact.js';
import { startMockServer, type MockServer, type RequestLogEntry } from './mock-server/server.js';
import { mockSettings, modelNamesIn } from './mock-server/plugin-settings.js';
import { PluginFailure, type PluginProcess } from './runtime/process.js';
import { runSmoke } from './smoke/run.js';
import { saveAudio } from './smoke/audio-out.js';
import { sineWav } from './audio.js';
import { LiveReporter } from './report/live.js';
import { finish, header, mockSummary, printErrorJson, printFailureDetails, printJson, runError, type MockJson } from './report/final.js';
import { validationGate, type ValidationGate } from './preflight.js';
import { spawnPlugin } from './launch.js';
import type { EarlyLaunch } from './early-launch.js';
import { clip } from './runtime/lines.js';

export { MOCK_API_KEY } from './credentials/mock-fill.js';

/**
 * The command: with --format json, exactly one JSON object reaches stdout on every exit path, a
 * usage or environment error (exit 2) and an internal error included.
 */
export async function runInvokeCommand(cli: InvokeCliOptions, early?: EarlyLaunch): Promise<number> {
  try {
    return await runInvoke(cli, early);
  } catch (err) {
    if (cli.format === 'json') printErrorJson(err);
    throw err;
  }
}

/** `early`: the plugin as early-launch.ts started it, used when it is the plugin this run reads. */
export async function runInvoke(cli: InvokeCliOptions, early?: EarlyLaunch): Promise<number> {
  const taken = { done: false };
  try {
    return await run(cli, early, taken);
  } finally {
    if (early && !taken.done) await early.dispose();
  }
}

async function run(cli: InvokeCliOptions, earlyGiven: EarlyLaunch | undefined, taken: { done: boolean }): Promise<number> {
  let early = earlyGiven;
  const options = parseInvokeOptions(cli);
  const out = options.json ? process.stderr : process.stdout; // live lines; stdout keeps the JSON
  const python = probePython(options.root, options.python);
  // The run's CA (two RSA keys) is made while the plugin is read and the Python probed.
  const ca = options.mock ? (early?.ca ? Promise.resolve(early.ca) : createRunCa()) : undefined;
  ca?.catch(() => {});
  python.catch(() => {}); // awaited below, after validation errors (which come first)
  let loaded: LoadedPlugin | undefined;
  const gate = validationGate(options.root, () => loaded);
  const stopForErrors = async (): Promise<number | undefined> => {
    const errors = await gate.errors();
    if (!errors) return undefined;
    const live = new LiveReporter(out, new Redactor());
    out.write(await gate.format(errors));
    live.line(live.c.red('✗ the plugin has validation errors (above); fix them first: Dify would refuse it.'));
    if (options.json) printJson(live, { ok: false, results: [], notRun: [], error: { message: 'the plugin has validation errors', cause: null, stderrTail: [] } });
    return EXIT.problems;
  };

  // A problem found while reading the plugin is reported as the validator sees it, when it does.
  let info: PluginInfo;
  let targets: Target[];
  const unservable: Unservable[] = [];
  let given: Credentials;
  try {
    loaded = loadPlugin(options.root);
    info = pluginInfo(loaded);
    targets = resolveTargets(info, options.types, options.models, options.mock, unservable);
    const variables = new Set([...(info.providerForm ?? []), ...(info.modelForm ?? [])].map((f) => f.variable));
    given = {
      ...credentialsFromEnv(variables),
      ...(options.credentialsFile ? readCredentialsFile(options.credentialsFile) : {}),
      ...parseCredentialFlags(options.credentialFlags),
    };
    const placeholders = usesMockPlaceholder(given);
    if (!options.mock && placeholders.length > 0) {
      throw new UsageError(`credential ${placeholders.join(', ')} uses ${MOCK_PLACEHOLDER}, which stands for the mock's URL: add --mock, or give the real value.`);
    }
  } catch (err) {
    if (err instanceof UsageError) return (await stopForErrors()) ?? Promise.reject(err);
    throw err;
  }

  // The early start is used only for the very plugin and interpreter this run settled on.
  if (early && !(early.root === options.root && early.entrypoint === info.entrypoint && early.python === choosePython(options.root, options.python).python)) {
    await early.dispose();
    early = undefined;
  }
  const session = new Session();
  if (early) {
    session.proc = early.proc; // from here every exit path stops it
    taken.done = true;
    early.releaseSignals();
  }
  try {
    session.installSignalHandlers(options.json);
    let filled: MockFilled[] = [];
    let byType: Map<ModelType, Credentials> | undefined;
    if (options.mock) {
      // Faithful by default: the mock knows only this plugin's models, voices and key needs.
      session.mock = await startMockServer({ ...mockSettings(loaded!, info, targets.map((t) => t.model), [given]), fault: options.mockFault, onRequest: (e) => session.mockLog.push(e) });
      if (early?.proxy) early.setMockPort(session.mock.port);
      session.proxy = early?.proxy ?? (await startHermeticProxy(session.mock.port, ca));
      const base = `http://127.0.0.1:${session.mock.port}`;
      const { keysReadUnguarded } = await import('./credentials/code-reads.js');
      ({ values: given, filled, byType } = fillForMock(info, targets, substituteMockPlaceholder(given, base), base, keysReadUnguarded(loaded!)));
      for (const c of [given, ...byType.values()]) session.mock.allowModels(modelNamesIn(c)); // model names the filled credentials name
    }
    const creds = await credentials(info, targets, given, gate, byType);
    if (typeof creds === 'number') return (await stopForErrors()) ?? creds;

    const live = new LiveReporter(out, creds.redactor);
    // Whole lines are redacted before they are clipped, so a secret is never printed in part.
    const onOutput = options.verbose ? (source: string, text: string) => live.line(live.c.dim(`  [${source}] ${clip(live.redact(text))}`)) : undefined;
    if (early && onOutput) early.setOutput(onOutput);
    session.proc ??= spawnPlugin(info, { pythonFlag: options.python, startupTimeoutMs: options.startupTimeoutMs, hermetic: session.proxy, onOutput });
    void ca?.then((c) => setImmediate(() => c.warm()), () => {}); // while Python imports the SDK
    const stopped = await stopForErrors(); // the validator runs while Python imports the SDK
    if (stopped !== undefined) return stopped;
    const py = await python;
    header(live, info, py, session.mock && session.proxy && { mock: session.mock, proxy: session.proxy, filled });
    const warnings = gate.warnings();
    if (warnings > 0) live.line(live.c.yellow(`  ${warnings} validation warning${warnings > 1 ? 's' : ''}: run model-plugin validate to see ${warnings > 1 ? 'them' : 'it'}`));
    const progress = startupProgress(out, live, py, info);
    try {
      await session.proc.ready;
      progress.stop();
    } catch (err) {
      progress.stop();
      if (!(err instanceof PluginFailure)) throw err;
      if (/No module named '?dify_plugin'?/.test(err.cause_?.exception ?? '')) throw missingSdk(info.root, py.python, py.version);
      const error = runError(err);
      live.line(live.c.red(`✗ the plugin did not start: ${err.message}`));
      printFailureDetails(live, error);
      if (options.json) printJson(live, { ok: false, results: [], notRun: [], error, mock: mockJson(session, filled) });
      return EXIT.problems;
    }
    live.line(live.c.dim(`  plugin ready in ${Math.round(session.proc.readyMs ?? 0)} ms`));

    if (options.mockFault) {
      const { runFaultCheck } = await import('./fault/run.js');
      const { faultRowLine, finishFaults } = await import('./fault/report.js');
      const report = await runFaultCheck(session.proc, info, targets, creds, {
        fault: options.mockFault,
        timeoutMs: options.timeoutMs,
        audio: options.audio?.bytes ?? sineWav(0.5),
        log: session.mockLog,
        onRow: (row) => live.line(faultRowLine(row, live.c)),
      });
      return finishFaults(report, options.json, live, report.failure ? runError(report.failure) : null) ? EXIT.ok : EXIT.problems;
    }
    const proxy = session.proxy;
    const smoke = await runSmoke(session.proc, info, targets, creds, smokeOptions(options, proxy, options.verbose ? live : undefined), live);
    smoke.notRun.push(...unservable); // declared types with no model at all (Dify shows them empty)
    return finish(smoke, options.json, live, mockJson(session, filled)) ? EXIT.ok : EXIT.problems;
  } finally {
    await session.close();
  }
}

/**
 * The credentials of every target. Without anything to ask they are settled before the plugin
 * starts; a missing value is asked for on a terminal, after validation (no point asking for a
 * secret for a plugin that cannot run). Returns an exit code when validation must speak first.
 */
async function credentials(info: PluginInfo, targets: Target[], given: Credentials, gate: ValidationGate, byType?: Map<ModelType, Credentials>): Promise<ResolvedCredentials | number> {
  try {
    return await resolveCredentials(info, targets, given, { byType });
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    if (await gate.errors()) return EXIT.problems;
    if (!canPrompt()) throw err;
    return resolveCredentials(info, targets, given, { prompt: promptFor, byType });
  }
}

function smokeOptions(options: InvokeOptions, proxy: HermeticProxy | undefined, verbose: LiveReporter | undefined) {
  return {
    prompt: options.prompt,
    timeoutMs: options.timeoutMs,
    skipCredentialCheck: options.skipCredentialCheck,
    traffic: proxy && {
      mark: () => proxy.requests.length,
      since: (mark: number) => proxy.requests.slice(mark),
      onRequests: verbose && ((rs: HermeticProxy['requests']) => {
        for (const r of rs) verbose.line(verbose.c.dim(`  [mock] ${r.method} ${r.url} → ${r.status || 'no answer'}${r.grpcStatus !== undefined ? ` grpc-status ${r.grpcStatus}` : ''}${r.unserved ? ' (not served)' : ''} · ${r.ms} ms${r.model ? ` · model ${r.model}` : ''}`));
      }),
    },
    audio: options.audio?.bytes ?? sineWav(0.5),
    saveAudio: (audio: Buffer, mimeType: string | null) => saveAudio(audio, mimeType, options.out),
  };
}

/** Owns the plugin process and the mock server for one run; closes both on every exit path. */
class Session {
  proc: PluginProcess | undefined;
  mock: MockServer | undefined;
  /** The mock's request log (never headers or bodies). */
  readonly mockLog: RequestLogEntry[] = [];
  proxy: HermeticProxy | undefined;
  private readonly handlers: [string, (arg?: unknown) => void][] = [];

  installSignalHandlers(json = false): void {
    for (const [signal, code] of [['SIGINT', EXIT.interrupted], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
      const handler = () => {
        this.proc?.kill(false); // the run stays where it is: we print nothing more and exit
        const what = `${signal === 'SIGINT' ? 'interrupted' : `got ${signal}`}; the plugin was stopped`;
        process.stderr.write(`\nmodel-plugin: ${what}.\n`);
        if (json) printErrorJson(new UsageError(what, code));
        // Wait (briefly) until the killed plugin is reaped, so no trace of it is left when we exit.
        const reaped = this.proc?.stop(false) ?? Promise.resolve();
        const cap = new Promise((resolve) => setTimeout(resolve, 2000).unref());
        void Promise.race([reaped, cap]).then(() => process.exit(code));
      };
      process.on(signal, handler);
      this.handlers.push([signal, handler]);
    }
    // A bug that escapes every handler (an exception thrown in a stream listener) still stops the
    // plugin and, with --format json, still ends with the JSON object; exit 2 as any internal error.
    const crash = (err: unknown) => {
      this.proc?.kill(false);
      if (json) printErrorJson(err);
      const code = exitCodeFor(err);
      const reaped = this.proc?.stop(false) ?? Promise.resolve();
      const cap = new Promise((resolve) => setTimeout(resolve, 2000).unref());
      void Promise.race([reaped, cap]).then(() => process.exit(code));
    };
    for (const event of ['uncaughtException', 'unhandledRejection']) {
      process.on(event, crash);
      this.handlers.push([event, crash]);
    }
  }

  async close(): Promise<void> {
    for (const [signal, handler] of this.handlers) process.off(signal, handler);
    await this.proc?.stop();
    await Promise.all([this.proxy?.close(), this.mock?.close()]);
  }
}

function mockJson(session: Session, filled: MockFilled[]): MockJson | undefined {
  if (!session.mock || !session.proxy) return undefined;
  return mockSummary(session.mock.url, session.proxy.url, filled);
}
