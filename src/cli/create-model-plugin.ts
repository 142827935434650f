// `create-model-plugin [dir]`: the same as `model-plugin init [dir]`.
import { newProgram, parseAndRun } from './program.js';
import { configureInit } from '../create/cli.js';

export async function main(argv: string[]): Promise<void> {
  const program = newProgram('create-model-plugin', 'Create a Dify model plugin that validates clean and runs.');
  configureInit(program);
  await parseAndRun(program, argv);
}
