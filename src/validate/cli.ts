// Registers `validate` and `rules`. The implementation is imported only when the command runs.
import { Option, type Command } from 'commander';
import { runCommand } from '../cli/run-command.js';

export const FORMATS = ['stylish', 'json', 'github', 'sarif'] as const;

export interface ValidateCliOptions {
  format: string;
  quiet?: boolean;
  verbose?: boolean;
  maxWarnings?: string;
  marketplace?: boolean;
  fix?: boolean;
  fixDryRun?: boolean;
}

const MARKETPLACE_HELP =
  '\n--marketplace runs every offline check of the Marketplace pre-check (dify-plugins CI and its toolkit):' +
  '\npackage contents, secrets, binaries, manifest metadata, icon, README, dependency policy and the daemon\'s' +
  '\npackaging/install rules, as MK rules (`model-plugin rules --marketplace`). Not run, because they need the' +
  '\nnetwork or the pull request: the version already on the Marketplace (MK56), OSV vulnerability lookups, the' +
  '\nPR body checks (MK50-MK55), pip install and the install test (MK57-MK58).';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check plugins (folders holding manifest.yaml, searched at any depth) and report every problem at file:line:col')
    .argument('[paths...]', 'plugin roots, folders that contain plugins, or .difypkg package files', [])
    .addOption(new Option('-f, --format <format>', 'output format').choices([...FORMATS]).default('stylish'))
    .option('-q, --quiet', 'report errors only')
    .option('--verbose', 'also show info findings (harmless things Dify ignores)')
    .option('--max-warnings <n>', 'exit 1 when there are more than n warnings')
    .option('--marketplace', 'also run the Marketplace\'s offline submission checks (MK rules)')
    .addHelpText('after', MARKETPLACE_HELP)
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
    .option('--marketplace', 'also list the Marketplace rules (MK ids) that `validate --marketplace` adds')
    .action((opts: { format: string; marketplace?: boolean }) => runCommand(async () => (await import('./run.js')).runRules(opts)));
}
