// Registers `setup`. Light on purpose: the implementation is imported only when the command runs.
import { Option, type Command } from 'commander';
import { runCommand } from '../cli/run-command.js';

export interface SetupCliOptions {
  dir?: string;
  python?: string;
  installer?: 'auto' | 'uv' | 'pip';
  force?: boolean;
  verbose?: boolean;
}

export function registerSetup(program: Command): void {
  program
    .command('setup')
    .description("build the plugin's .venv as Dify's daemon does (uv sync, or uv pip install -r requirements.txt)")
    .option('--dir <path>', 'plugin root (the folder holding manifest.yaml)', '.')
    .option('--python <path>', 'base Python interpreter for the .venv (default: one matching meta.runner.version)')
    .addOption(
      new Option('--installer <kind>', 'uv (installed from PyPI when missing), pip (python -m venv + pip), or auto: uv, else pip')
        .choices(['auto', 'uv', 'pip'])
        .default('auto'),
    )
    .option('--force', 'rebuild even when the dependency files are unchanged since the last setup')
    .option('--verbose', "also show the installer's own output")
    .addHelpText(
      'after',
      '\nWith pyproject.toml: uv sync --no-dev --prerelease=allow (--frozen when uv.lock exists).\n' +
        'With only requirements.txt: uv pip install --prerelease=allow -r requirements.txt.\n' +
        'Without uv on PATH (or UV_PATH), uv is installed from PyPI into the cache of model-plugin\n' +
        '($MODEL_PLUGIN_CACHE_DIR, else $XDG_CACHE_HOME/model-plugin or ~/.cache/model-plugin), which\n' +
        'also holds uv\'s package cache (unless UV_CACHE_DIR is set). If that fails: python -m venv + pip.\n' +
        'Nothing else is written outside the plugin root.\n' +
        '\nExit codes: 0 .venv ready (or already up to date), 1 the install failed or the environment\n' +
        'cannot import dify_plugin, 2 usage or environment error (no matching Python, no manifest.yaml).',
    )
    .action((opts: SetupCliOptions) => runCommand(async () => (await import('./command.js')).runSetup(opts)));
}
