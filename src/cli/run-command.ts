import { EXIT, UsageError, InterruptedError } from './errors.js';

/**
 * Runs a command body and turns its outcome into an exit code: user errors print one clear
 * message (no stack), anything else is a bug in model-plugin and is reported as such.
 */
/** The command the user typed (`model-plugin` or `create-model-plugin`), to prefix messages with. */
let commandName = 'model-plugin';
export function setCommandName(name: string): void {
  commandName = name;
}

export async function runCommand(body: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await body();
  } catch (err) {
    process.exitCode = exitCodeFor(err);
  }
}

export function exitCodeFor(err: unknown): number {
  if (err instanceof UsageError || err instanceof InterruptedError) {
    process.stderr.write(`${commandName}: ${err.message}\n`);
    return err.exitCode;
  }
  // @inquirer/prompts throws ExitPromptError on Ctrl-C.
  if (err instanceof Error && err.name === 'ExitPromptError') {
    process.stderr.write(`${commandName}: cancelled, nothing was written.\n`);
    return EXIT.interrupted;
  }
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(
    `model-plugin: internal error (this is a bug in model-plugin, please report it):\n${detail}\n`,
  );
  return EXIT.usage;
}
