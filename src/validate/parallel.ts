// Validates many plugins on all cores: the main thread and (cores - 1) worker threads pull plugin
// roots from one shared counter, so a large plugin never leaves a core idle. Each plugin is loaded
// and checked exactly once, by whichever thread claims it.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT, RUNNING_FROM_SOURCE } from '../package-root.js';
import type { PluginResult } from './diagnostic.js';
import { validatePluginAsync, type ValidateOptions } from './pipeline.js';
import { workerService } from './python/syntax-service.js';

/** Below this many plugins a worker's start-up costs more than it saves. */
const MIN_PLUGINS_FOR_WORKERS = 4;

export interface WorkerInput {
  roots: string[];
  counter: SharedArrayBuffer;
  rules?: string[];
  marketplace?: boolean;
  passedPaths?: string[];
}

export async function validateRoots(roots: string[], options: ValidateOptions): Promise<PluginResult[]> {
  // The worker has its own bundle (scripts/bundle.mjs).
  const workerFile = join(PACKAGE_ROOT, 'dist', 'bin', 'validate-worker.cjs');
  const threads = Math.min(availableParallelism(), Math.ceil(roots.length / 2));
  // From TypeScript sources (tests) there is no compiled worker: stay on one thread.
  if (roots.length < MIN_PLUGINS_FOR_WORKERS || threads < 2 || RUNNING_FROM_SOURCE || !existsSync(workerFile)) {
    // One thread for the YAML; the Python grammar works in a worker on the other core meanwhile.
    const syntax = workerService();
    try {
      const out: PluginResult[] = [];
      for (const root of roots) out.push((await validatePluginAsync(root, options, syntax)).result);
      return out;
    } finally {
      syntax.close();
    }
  }

  // Loaded here, not at the top: validating one plugin needs no validation workers.
  const { Worker } = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
  const counter = new SharedArrayBuffer(4);
  const claims = new Int32Array(counter);
  const input: WorkerInput = { roots, counter, rules: options.rules ? [...options.rules] : undefined, passedPaths: options.passedPaths ? [...options.passedPaths] : undefined, marketplace: options.marketplace };
  const results = new Array<PluginResult | undefined>(roots.length);

  const workers = Array.from({ length: threads - 1 }, () => {
    const worker = new Worker(workerFile, { workerData: input });
    return new Promise<void>((resolve, reject) => {
      worker.on('message', (msg: { index: number; result: PluginResult }) => {
        results[msg.index] = msg.result;
      });
      worker.on('error', reject);
      worker.on('exit', () => resolve());
    });
  });

  // The main thread works too, claiming roots from the same counter.
  for (let i = Atomics.add(claims, 0, 1); i < roots.length; i = Atomics.add(claims, 0, 1)) {
    results[i] = (await validatePluginAsync(roots[i], options)).result;
    // Let worker messages in between plugins.
    await new Promise<void>((r) => setImmediate(r));
  }
  await Promise.all(workers);
  for (let i = 0; i < roots.length; i++) results[i] ??= (await validatePluginAsync(roots[i], options)).result;
  return results as PluginResult[];
}
