// Registers `init` / `add` on `model-plugin` and configures the `create-model-plugin` program.
// Kept light: the implementation is loaded with import() only when a command runs.
import { Command, Option } from 'commander';
import { runCommand } from '../cli/run-command.js';

const TYPES = 'llm, text-embedding, rerank, tts, speech2text, moderation';

/** The options of `init`, shared by `create-model-plugin` and `model-plugin init`. */
function addInitOptions(command: Command): Command {
  return command
    .argument('[dir]', 'folder to create (default: ./<name>)')
    .option('--name <name>', 'plugin and provider name: lowercase letters, digits, "_" and "-"')
    .option('--author <author>', 'author (organization) name: lowercase letters, digits, "_" and "-"')
    .option('--label <label>', 'name shown in Dify')
    .option('--description <text>', 'description shown in Dify')
    .option('--types <list>', `comma-separated model types: ${TYPES}`)
    .addOption(new Option('--base <base>', 'model classes: built on the SDK\'s OpenAI-compatible classes, or empty methods with TODOs').choices(['openai-compatible', 'blank']))
    .option('--model <name>', 'name of the first predefined model')
    .addOption(
      new Option('--configurate <how>', 'how users get models: predefined (model YAML files), customizable (added by name, per-model credentials) or both').choices([
        'predefined',
        'customizable',
        'both',
      ]),
    )
    .addOption(new Option('--python-project <kind>', 'dependency file: pyproject.toml (default, plus uv.lock when uv is there) or requirements.txt').choices(['pyproject', 'requirements']))
    .option('--no-lock', 'do not run `uv lock` after writing pyproject.toml')
    .option('--repo <url>', 'source repository for the Marketplace (manifest repo, README link): https://github.com/<owner>/<repo> or another host it accepts (default: the git origin of the folder, if any)')
    .option('--contact <email>', 'e-mail address for the Marketplace reviewers (manifest contact; default: git config user.email)')
    .option('--model-permission', 'ask Dify for permission to call its models back (reverse invocation); off by default')
    .option('--tool-source <spec>', 'where the CI workflow gets model-plugin: an npm spec, a tarball, a git URL or a path (env MODEL_PLUGIN_TOOL_SOURCE; default create-model-plugin@<this version>)')
    .option('--schemas <where>', 'where the YAML $schema modelines point: cdn, local, node_modules or a URL (env MODEL_PLUGIN_SCHEMAS; default cdn for an npm spec, else local)')
    .option('-y, --yes', 'use the defaults for every answer not given as a flag (never asks)')
    .option('--force', 'write into a folder that is not empty, overwriting only the generated files')
    .option('--dry-run', 'list the files that would be written and change nothing')
    .addHelpText(
      'after',
      '\nAsks for every answer not given as a flag when stdin is a terminal. Without a terminal,\n' +
        'pass [dir] or --name, and --author (or --yes for the defaults).\n' +
        '\nExamples:\n' +
        '  create-model-plugin my-plugin\n' +
        '  create-model-plugin acme --yes --author acme --types llm,text-embedding\n' +
        '  create-model-plugin acme --yes --author acme --repo https://github.com/acme/acme-dify --contact dev@acme.example\n' +
        '  create-model-plugin local-llm --yes --configurate customizable --tool-source ./tools/create-model-plugin-0.1.0.tgz\n' +
        '\nExit codes: 0 created, 2 usage error (nothing written), 130 Ctrl-C (nothing written).',
    )
    .action((dir: string | undefined, flags: Record<string, unknown>) =>
      runCommand(async () => {
        const { runInit } = await import('./init.js');
        return runInit(dir, flags, {
          interactive: Boolean(process.stdin.isTTY),
          out: (line) => process.stdout.write(line + '\n'),
        });
      }),
    );
}

export function registerCreate(program: Command): void {
  addInitOptions(program.command('init').description('create a Dify model plugin (same as create-model-plugin)'));

  program
    .command('add')
    .description('add a model type, or another predefined model of a type the plugin has')
    .argument('<type>', `model type: ${TYPES}`)
    .option('--model <name>', 'name of the predefined model to add (default: an example name)')
    .option('--dir <path>', 'plugin folder (default: the current folder)')
    .addOption(new Option('--base <base>', 'model class for a new type (default: like the existing ones)').choices(['openai-compatible', 'blank']))
    .option('--dry-run', 'list the changes and write nothing')
    .addHelpText('after', '\nExit codes: 0 added, 2 usage error or a plugin it cannot edit (nothing written), 130 Ctrl-C.')
    .action((type: string, flags: Record<string, unknown>) =>
      runCommand(async () => {
        const { runAdd } = await import('./add.js');
        return runAdd(type, flags, (line) => process.stdout.write(line + '\n'));
      }),
    );
}

export function configureInit(program: Command): void {
  addInitOptions(program);
}
