// Registers `validate` and `rules`. The implementation is imported only when the command runs.
import { Option, type Command } from 'commander';
import { runCommand } from '../cli/run-command.js';

export const FORMATS = ['stylish', 'json', 'github', 'sarif'] as const;

export interface ValidateCliOptions {
  format: string;
  quiet?: boolean;
  maxWarnings?: string;
  fix?: boolean;
  fixDryRun?: boolean;
}

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check plugins (folders holding manifest.yaml, searched at any depth) and report every problem at file:line:col')
    .argument('[paths...]', 'plugin roots or folders that contain plugins', [])
    .addOption(new Option('-f, --format <format>', 'output format').choices([...FORMATS]).default('stylish'))
    .option('-q, --quiet', 'report errors only')
    .option('--max-warnings <n>', 'exit 1 when there are more than n warnings')
    .option('--fix', 'apply the certain fixes (marked [*]) in place, keeping comments and layout, and print what changed')
    .option('--fix-dry-run', 'print the fixes --fix would apply as a unified diff; write nothing')
    .addHelpText('after', '\nExit codes: 0 no errors (and warnings within --max-warnings), 1 problems found, 2 usage error.')
    .action((paths: string[], opts: ValidateCliOptions) =>
      runCommand(async () => (await import('./run.js')).runValidate(paths, opts)),
    );

  program
    .command('rules')
    .description('list every rule id and name with its one-line description')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((opts: { format: string }) => runCommand(async () => (await import('./run.js')).runRules(opts)));
}
