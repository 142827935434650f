import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../package-root.js';
import { Command, CommanderError } from 'commander';
import { EXIT } from './errors.js';
import { setCommandName } from './run-command.js';

export const MODEL_PLUGIN_DESCRIPTION = 'Scaffold, validate and smoke-invoke Dify model plugins.';

/** A commander program whose parse errors exit 2 (usage error) instead of commander's 1. */
export function newProgram(name: string, description: string): Command {
  setCommandName(name);
  const program = new Command(name);
  program
    .description(description)
    .version(packageVersion(), '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  return program;
}

export async function parseAndRun(program: Command, argv: string[]): Promise<void> {
  // `model-plugin validate | head`: when the reader goes away, end quietly instead of in a stack
  // trace (the exit hooks still stop a running plugin). The output was cut, so unless the command
  // already knows its result, that is not a clean run.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      process.exit(process.exitCode ?? EXIT.problems);
    });
  }
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      const benign = ['commander.helpDisplayed', 'commander.version', 'commander.help'];
      process.exitCode = benign.includes(err.code) ? EXIT.ok : EXIT.usage;
      return;
    }
    throw err;
  }
}

function packageVersion(): string {
  // Read from package.json so the version has one source of truth.
  try {
    return JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

