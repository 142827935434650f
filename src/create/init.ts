// `create-model-plugin [dir]` / `model-plugin init [dir]`: gathers the answers (flags, then
// prompts when stdin is a terminal, then defaults with --yes), renders the plugin and writes it.
import { relative, resolve } from 'node:path';
import { UsageError } from '../cli/errors.js';
import {
  checkAuthor,
  checkBase,
  checkModel,
  checkName,
  checkPythonProject,
  checkText,
  defaults,
  parseTypes,
  type Base,
  type PluginConfig,
  type PythonProject,
} from './answers.js';
import { planPlugin } from './plan.js';
import type { PromptContext } from './prompts.js';
import { inspectTarget, writePlugin } from './write.js';

export interface InitFlags {
  name?: string;
  author?: string;
  label?: string;
  description?: string;
  types?: string;
  base?: string;
  model?: string;
  pythonProject?: string;
  yes?: boolean;
  force?: boolean;
  dryRun?: boolean;
}

export interface InitIO {
  interactive: boolean;
  prompt?: PromptContext;
  out: (line: string) => void;
}

export async function runInit(dir: string | undefined, flags: InitFlags, io: InitIO): Promise<number> {
  const interactive = io.interactive && !flags.yes;
  // Refuse a busy folder before asking anything.
  if (dir !== undefined) inspectTarget(resolve(dir), Boolean(flags.force));

  const config = await resolveConfig(dir, flags, interactive, io.prompt);
  const target = resolve(dir ?? config.name);
  const files = planPlugin(config);
  const result = await writePlugin(target, files, { force: Boolean(flags.force), dryRun: Boolean(flags.dryRun) });

  // Outside the current folder, an absolute path reads better than a chain of `../`.
  const rel = relative(process.cwd(), result.target);
  const shown = rel === '' ? '.' : rel.startsWith('..') ? result.target : rel;
  if (flags.dryRun) {
    io.out(`Would write ${result.files.length} files to ${shown} (dry run, nothing was written):`);
    for (const f of result.files) io.out(`  ${f.path}${f.overwrites ? '  (overwrite)' : ''}`);
    return 0;
  }
  io.out(`Created the model plugin "${config.name}" in ${shown} (${result.files.length} files).`);
  io.out('');
  io.out('Next:');
  if (shown !== '.') io.out(`  cd ${shellQuote(shown)}`);
  io.out('  npx --package create-model-plugin model-plugin validate');
  io.out(
    config.pythonProject === 'pyproject'
      ? '  uv sync   # Python 3.12 and the SDK in .venv, for invoke'
      : '  python3.12 -m venv .venv && .venv/bin/pip install -r requirements.txt   # for invoke',
  );
  io.out('  npx --package create-model-plugin model-plugin invoke --mock');
  return 0;
}

/** Flags first; then a prompt (interactive) or a default (--yes); else a usage error. */
async function resolveConfig(
  dir: string | undefined,
  flags: InitFlags,
  interactive: boolean,
  promptContext: PromptContext | undefined,
): Promise<PluginConfig> {
  const given = {
    name: checked('--name', flags.name, checkName),
    author: checked('--author', flags.author, checkAuthor),
    label: checked('--label', flags.label, (v) => checkText('label', v)),
    description: checked('--description', flags.description, (v) => checkText('description', v)),
    types: flags.types === undefined ? undefined : parsedTypes(flags.types),
    base: checked('--base', flags.base, checkBase) as Base | undefined,
    model: checked('--model', flags.model, checkModel),
    pythonProject: (checked('--python-project', flags.pythonProject, checkPythonProject) ?? defaults.pythonProject) as PythonProject,
  };

  if (!interactive && !flags.yes) {
    // Without a terminal nobody can answer: the required answers must come as flags.
    const missing: string[] = [];
    if (given.name === undefined && dir === undefined) missing.push('--name <name>');
    if (given.author === undefined) missing.push('--author <author>');
    if (missing.length > 0) {
      throw new UsageError(
        `missing ${missing.map((m) => m.split(' ')[0]).join(' and ')}: stdin is not a terminal, so I cannot ask. ` +
          `Pass ${missing.join(' ')}, or --yes to accept the defaults for everything not given.`,
      );
    }
  }

  const ask = interactive ? await import('./prompts.js') : undefined;
  const name = given.name ?? (ask ? await ask.askName(defaults.name(dir), promptContext) : defaults.name(dir));
  // The folder is ./<name> when none was given: refuse a busy one before asking more.
  if (dir === undefined) inspectTarget(resolve(name), Boolean(flags.force));
  const author = given.author ?? (ask ? await ask.askAuthor(defaults.author(), promptContext) : defaults.author());
  const label = given.label ?? (ask ? await ask.askLabel(defaults.label(name), promptContext) : defaults.label(name));
  const description =
    given.description ?? (ask ? await ask.askDescription(defaults.description(label), promptContext) : defaults.description(label));
  const types = given.types ?? (ask ? await ask.askTypes(defaults.types(), promptContext) : defaults.types());
  const base = given.base ?? (ask ? await ask.askBase(defaults.base, promptContext) : defaults.base);
  const first = types[0]!;
  const model = given.model ?? (ask ? await ask.askModel(first, promptContext) : first.defaultModel);
  return { name, author, label, description, types, base, model, pythonProject: given.pythonProject };
}

function checked(flag: string, value: string | undefined, check: (v: string) => string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const problem = check(value);
  if (problem) throw new UsageError(`${flag}: ${problem}.`);
  return value;
}

function parsedTypes(value: string) {
  const { types, error } = parseTypes(value);
  if (error) throw new UsageError(`--types: ${error}.`);
  return types!;
}

function shellQuote(path: string): string {
  return /^[\w./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}
