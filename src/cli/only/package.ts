// `model-plugin package` (package, checksum) alone: the entry of the bundle the bin shim runs when the first
// argument names one of these commands (src/cli/code-cache.cts), so the command loads and
// code-caches only its own code. Same program name, description and options as in model-plugin.ts.
import { MODEL_PLUGIN_DESCRIPTION, newProgram, parseAndRun } from '../program.js';
import { registerPackage } from '../../package/cli.js';

export async function main(argv: string[]): Promise<void> {
  const program = newProgram('model-plugin', MODEL_PLUGIN_DESCRIPTION);
  registerPackage(program);
  await parseAndRun(program, argv);
}
