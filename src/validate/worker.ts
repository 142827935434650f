// Worker thread of parallel.ts: claims plugin roots from the shared counter and validates them.
import { parentPort, workerData } from 'node:worker_threads';
import { validatePluginAsync } from './pipeline.js';
import type { WorkerInput } from './parallel.js';

const input = workerData as WorkerInput;
const claims = new Int32Array(input.counter);
const options = { ...(input.rules ? { rules: new Set(input.rules) } : {}), passedPaths: input.passedPaths, marketplace: input.marketplace };
// A function, not top-level await: the bundle of this worker is CommonJS (scripts/bundle.mjs).
async function work(): Promise<void> {
  for (let i = Atomics.add(claims, 0, 1); i < input.roots.length; i = Atomics.add(claims, 0, 1)) {
    parentPort!.postMessage({ index: i, result: (await validatePluginAsync(input.roots[i], options)).result });
  }
}
void work();
