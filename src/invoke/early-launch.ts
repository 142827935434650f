// Starts the plugin's Python before the rest of `invoke` is even loaded: importing the SDK is most
// of a run's start-up (seconds), and everything the CLI does before the plugin is ready (loading
// its modules, reading and validating the plugin, the mock, the credentials) then happens while
// Python imports, on the other core. Only the cheap, certain facts are used here: the plugin's
// folder, its interpreter, `meta.runner.entrypoint` read from the manifest's text, and under --mock
// the hermetic proxy with a cached CA. command.ts checks them against the plugin it reads and
// starts the plugin again, the usual way, when anything differs; anything unusual here (no .venv,
// no cached CA, an odd manifest) just means no early start.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { venvPython } from '../setup/paths.js';
import type { InvokeCliOptions } from './options.js';
import { DEFAULT_STARTUP_TIMEOUT_S } from './options.js';
import { cachedRunCa, type RunCa } from './hermetic/ca.js';
import { startHermeticProxy, type HermeticProxy } from './hermetic/proxy.js';
import { launchPlugin } from './launch.js';
import type { PluginProcess } from './runtime/process.js';

type Output = (source: 'log' | 'stdout' | 'stderr', text: string) => void;

export interface EarlyLaunch {
  proc: PluginProcess;
  root: string;
  python: string;
  entrypoint: string;
  /** Under --mock: the proxy the plugin was started with; give it the mock's port when it runs. */
  proxy?: HermeticProxy;
  /** The run's CA the proxy uses (cached), to warm while Python imports. */
  ca?: RunCa;
  setMockPort(port: number): void;
  /** --verbose: where the plugin's output goes from now on (what came before is replayed). */
  setOutput(fn: Output): void;
  /** Stops the plugin and the proxy (when command.ts will not use them). */
  dispose(): Promise<void>;
  /** Hands Ctrl-C over to the command's own handlers. */
  releaseSignals(): void;
}

const MAX_MANIFEST_BYTES = 256 * 1024;
const MAX_BUFFERED_LINES = 500;

export async function earlyLaunch(cli: InvokeCliOptions, cwd = process.cwd()): Promise<EarlyLaunch | undefined> {
  const root = resolve(cwd, cli.dir ?? '.');
  const python = cli.python ?? venvPython(root);
  const entrypoint = manifestEntrypoint(resolve(root, 'manifest.yaml'));
  const startupS = cli.startupTimeout === undefined ? DEFAULT_STARTUP_TIMEOUT_S : Number(cli.startupTimeout);
  if (!entrypoint || !isExecutableFile(python) || !Number.isFinite(startupS) || startupS <= 0 || startupS > 24 * 3600) return undefined;

  if (cli.python && !isAbsolute(cli.python)) return undefined; // resolved as command.ts does, in one place
  let proxy: HermeticProxy | undefined;
  let ca: RunCa | undefined;
  let setPort: (port: number) => void = () => {};
  if (cli.mock) {
    ca = cachedRunCa();
    if (!ca) return undefined;
    const port = new Promise<number>((res) => (setPort = res));
    proxy = await startHermeticProxy(port, ca);
  }
  let sink: Output | undefined;
  const buffered: [Parameters<Output>[0], string][] = [];
  const onOutput: Output | undefined = cli.verbose
    ? (source, text) => {
        if (sink) sink(source, text);
        else if (buffered.length < MAX_BUFFERED_LINES) buffered.push([source, text]);
      }
    : undefined;
  const proc = launchPlugin({ root, entrypoint, python }, { startupTimeoutMs: Math.round(startupS * 1000), hermetic: proxy, onOutput });

  // Until command.ts installs its handlers: Ctrl-C stops the plugin (its own process group) too.
  const onSignal = (signal: NodeJS.Signals) => {
    proc.kill(false);
    process.exit(signal === 'SIGINT' ? 130 : signal === 'SIGHUP' ? 129 : 143);
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.once(s, onSignal);

  return {
    proc,
    root,
    python,
    entrypoint,
    proxy,
    ca,
    setMockPort: setPort,
    setOutput(fn) {
      sink = fn;
      for (const [source, text] of buffered.splice(0)) fn(source, text);
    },
    async dispose() {
      for (const s of signals) process.off(s, onSignal);
      await proc.stop(); // settles its start-up too: no timer is left to keep the command alive
      await proxy?.close();
    },
    releaseSignals() {
      for (const s of signals) process.off(s, onSignal);
    },
  };
}

/**
 * `meta.runner.entrypoint` from the manifest's text, when it is written plainly once; undefined
 * otherwise (the YAML loader in command.ts then decides, and no early start happens).
 */
export function manifestEntrypoint(file: string): string | undefined {
  let text: string;
  try {
    if (statSync(file).size > MAX_MANIFEST_BYTES) return undefined;
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const found = [...text.matchAll(/^[ \t]+entrypoint:[ \t]*(["']?)([A-Za-z_][\w.]*)\1[ \t]*(?:#.*)?$/gm)];
  return found.length === 1 ? found[0]![2] : undefined;
}

function isExecutableFile(path: string): boolean {
  try {
    return existsSync(path) && statSync(path).isFile();
  } catch {
    return false;
  }
}
