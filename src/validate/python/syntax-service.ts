// Checks Python sources with the grammar (grammar.ts), in this thread or in a worker thread. The
// grammar costs a few hundred milliseconds of CPU to load and run (WebAssembly); validating one
// plugin, a worker does that on the other core while this thread checks the YAML, so the check adds
// little to the wall time. Validating many plugins, every core is busy already: in-thread.
// Results are kept per source text in the tool's cache (syntax-cache.ts), so a file already seen
// is not parsed again, and the grammar is not loaded at all when every file was seen; the worker
// starts only when there is something to parse.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { PACKAGE_ROOT, RUNNING_FROM_SOURCE } from '../../package-root.js';
import type { LoadedPlugin } from '../../plugin/load.js';
import type { Worker } from 'node:worker_threads';
import type { PythonSyntaxError } from './grammar.js';
import { MAX_PYTHON_BYTES } from './project.js';

export interface SourceText {
  rel: string;
  text: string;
}

/** Per file: its first syntax error, or null when it parses. */
export type SyntaxResults = Map<string, PythonSyntaxError | null>;

export interface SyntaxService {
  check(files: SourceText[]): Promise<SyntaxResults>;
  close(): void;
}

const results = new WeakMap<LoadedPlugin, SyntaxResults>();

/** The results X8 reports for a plugin (set before the rule runs). */
export function syntaxResultsOf(plugin: LoadedPlugin): SyntaxResults | undefined {
  return results.get(plugin);
}

export function setSyntaxResults(plugin: LoadedPlugin, r: SyntaxResults): void {
  results.set(plugin, r);
}

/** The plugin's .py files as text (binary, oversized and unreadable files left out). */
export function pythonSources(plugin: LoadedPlugin): SourceText[] {
  const out: SourceText[] = [];
  for (const rel of plugin.fs.walk().files) {
    if (!rel.endsWith('.py')) continue;
    const text = plugin.fs.readText(rel, MAX_PYTHON_BYTES);
    if (text === undefined || text.includes('\0')) continue;
    out.push({ rel, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text });
  }
  return out;
}

export const inThread: SyntaxService = {
  async check(files) {
    const { loadPythonGrammar, pythonSyntaxError } = await import('./grammar.js');
    await loadPythonGrammar();
    return new Map(files.map((f) => [f.rel, pythonSyntaxError(f.text) ?? null]));
  },
  close() {},
};

/**
 * A worker thread, started by the first check (it loads the grammar as soon as it starts); falls
 * back to in-thread from the sources (tests).
 */
export function workerService(): SyntaxService {
  const file = join(PACKAGE_ROOT, 'dist', 'bin', 'python-syntax-worker.cjs');
  if (RUNNING_FROM_SOURCE || !existsSync(file)) return inThread;
  let worker: Worker | undefined;
  let failed: Error | undefined;
  const start = (): Worker => {
    // Required when first needed: with every answer cached, no worker starts and none is loaded.
    const { Worker } = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
    const w = new Worker(file);
    w.unref();
    w.on('error', (e) => (failed = e));
    return w;
  };
  let next = 0;
  return {
    check(files) {
      if (failed) return inThread.check(files);
      const w = (worker ??= start());
      const id = next++;
      return new Promise((resolve, reject) => {
        const onMessage = (msg: { id: number; results: [string, PythonSyntaxError | null][] }) => {
          if (msg.id !== id) return;
          w.off('message', onMessage);
          w.off('error', onError);
          resolve(new Map(msg.results));
        };
        // A worker that cannot run (no grammar file, no memory): check in this thread instead.
        const onError = () => {
          w.off('message', onMessage);
          inThread.check(files).then(resolve, reject);
        };
        w.on('message', onMessage);
        w.once('error', onError);
        w.postMessage({ id, files });
      });
    },
    close() {
      if (worker) void worker.terminate();
    },
  };
}
