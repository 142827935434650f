// `model-plugin`: the umbrella CLI. Each area registers its own commands from a small cli.ts
// that loads the heavy implementation only when its command runs (keeps start-up fast).
import { MODEL_PLUGIN_DESCRIPTION, newProgram, parseAndRun } from './program.js';
import { registerValidate } from '../validate/cli.js';
import { registerCreate } from '../create/cli.js';
import { registerInvoke } from '../invoke/cli.js';
import { registerSetup } from '../setup/cli.js';
import { registerPackage } from '../package/cli.js';

export async function main(argv: string[]): Promise<void> {
  const program = newProgram('model-plugin', MODEL_PLUGIN_DESCRIPTION);
  registerValidate(program);
  registerCreate(program);
  registerInvoke(program);
  registerSetup(program);
  registerPackage(program);
  await parseAndRun(program, argv);
}
