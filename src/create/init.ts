// `create-model-plugin [dir]` / `model-plugin init [dir]`: gathers the answers (flags, then
// prompts when stdin is a terminal, then defaults with --yes), renders the plugin and writes it.
import { relative, resolve } from 'node:path';
import { UsageError } from '../cli/errors.js';
import {
  checkAuthor,
  checkBase,
  checkConfigurate,
  checkContact,
  checkModel,
  checkName,
  checkPythonProject,
  checkRepo,
  checkText,
  defaults,
  parseTypes,
  type Base,
  type Configurate,
  type PluginConfig,
  type PythonProject,
} from './answers.js';
import { planPlugin } from './plan.js';
import type { PromptContext } from './prompts.js';
import { commandPrefix, describeToolSource, resolveToolSource, type ResolvedToolSource } from './tool-source.js';
import { lockWithUv } from './uv-lock.js';
import { inspectTarget, targetProblem, writePlugin } from './write.js';

export interface InitFlags {
  name?: string;
  author?: string;
  label?: string;
  description?: string;
  types?: string;
  base?: string;
  model?: string;
  pythonProject?: string;
  configurate?: string;
  modelPermission?: boolean;
  toolSource?: string;
  schemas?: string;
  repo?: string;
  contact?: string;
  /** commander's `--no-lock`: false when given. */
  lock?: boolean;
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
  const force = Boolean(flags.force);
  // Without a terminal, refuse a busy folder before anything else; with one, ask for another.
  if (dir !== undefined && !interactive) inspectTarget(resolve(dir), force);

  const { source: tool, error } = resolveToolSource(flags);
  if (error) throw new UsageError(`${error}.`);
  const { config, target } = await resolveConfig(dir, flags, interactive, tool!, io);
  const files = planPlugin(config);
  const result = await writePlugin(target, files, { force, dryRun: Boolean(flags.dryRun) });

  // Outside the current folder, an absolute path reads better than a chain of `../`.
  const rel = relative(process.cwd(), result.target);
  const shown = rel === '' ? '.' : rel.startsWith('..') ? result.target : rel;
  if (flags.dryRun) {
    io.out(`Would write ${result.files.length} files to ${shown} (dry run, nothing was written):`);
    for (const f of result.files) io.out(`  ${f.path}${f.overwrites ? '  (overwrite)' : ''}`);
    return 0;
  }
  io.out(`Created the model plugin "${config.name}" in ${shown} (${result.files.length} files).`);
  if (config.pythonProject === 'pyproject') {
    if (flags.lock === false) io.out('uv.lock: not written (--no-lock); `uv lock` or `model-plugin setup` writes it.');
    else io.out(lockWithUv(result.target));
  }
  for (const line of describeToolSource(tool!)) io.out(line);
  io.out('');
  const mp = commandPrefix(tool!.spec);
  io.out('Next:');
  if (shown !== '.') io.out(`  cd ${shellQuote(shown)}`);
  io.out(`  ${mp} validate`);
  io.out(`  ${mp} setup          # .venv as Dify builds it: Python 3.12 and the dependencies`);
  io.out(`  ${mp} invoke --mock  # every model type against the built-in mock API`);
  io.out('  GUIDE.md tells the rest: debugging in Dify, packaging, CI.');
  io.out('');
  // What `validate --marketplace` reports on the new plugin: the placeholders, and what was not given.
  io.out(`Before publishing to the Marketplace (\`${mp} validate --marketplace\` lists what it would refuse):`);
  io.out('  replace the placeholder icons _assets/icon.svg and _assets/icon-dark.svg with your logo');
  io.out('  write your privacy policy in PRIVACY.md (what is sent to the provider, what is stored)');
  if (!config.repo) io.out('  add `repo: https://github.com/<owner>/<repo>` to manifest.yaml and that link to README.md (or create with --repo)');
  if (!config.contact) io.out('  add `contact: <your e-mail>` to manifest.yaml (or create with --contact)');
  return 0;
}

interface Given {
  name?: string;
  author?: string;
  label?: string;
  description?: string;
  types?: PluginConfig['types'];
  base?: Base;
  model?: string;
  configurate?: Configurate;
  pythonProject: PythonProject;
  repo?: string;
  contact?: string;
}

/** Flags first; then a prompt (interactive) or a default (--yes); else a usage error. */
async function resolveConfig(
  dir: string | undefined,
  flags: InitFlags,
  interactive: boolean,
  tool: ResolvedToolSource,
  io: InitIO,
): Promise<{ config: PluginConfig; target: string }> {
  const given: Given = {
    name: checked('--name', flags.name, checkName),
    author: checked('--author', flags.author, checkAuthor),
    label: checked('--label', flags.label, (v) => checkText('label', v)),
    description: checked('--description', flags.description, (v) => checkText('description', v)),
    types: flags.types === undefined ? undefined : parsedTypes(flags.types),
    base: checked('--base', flags.base, checkBase) as Base | undefined,
    model: checked('--model', flags.model, checkModel),
    configurate: checked('--configurate', flags.configurate, checkConfigurate) as Configurate | undefined,
    pythonProject: (checked('--python-project', flags.pythonProject, checkPythonProject) ?? defaults.pythonProject) as PythonProject,
    repo: checked('--repo', flags.repo, checkRepo),
    contact: checked('--contact', flags.contact, checkContact),
  };
  const fixed = { pythonProject: given.pythonProject, modelPermission: Boolean(flags.modelPermission), tool };

  if (!interactive) {
    if (!flags.yes) {
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
    const name = given.name ?? defaults.name(dir);
    const target = resolve(dir ?? name);
    if (dir === undefined) inspectTarget(target, Boolean(flags.force));
    const label = given.label ?? defaults.label(name);
    const types = given.types ?? defaults.types();
    const config: PluginConfig = {
      name,
      author: given.author ?? defaults.author(),
      label,
      description: given.description ?? defaults.description(label),
      types,
      base: given.base ?? defaults.base,
      model: given.model ?? types[0]!.defaultModel,
      configurate: given.configurate ?? defaults.configurate,
      repo: given.repo ?? defaults.repo(target),
      contact: given.contact ?? defaults.contact(),
      ...fixed,
    };
    return { config, target };
  }

  const ask = await import('./prompts.js');
  const ctx = io.prompt;
  const force = Boolean(flags.force);
  // A folder that cannot be used is asked again, with the reason, instead of ending the session.
  const folderOk = (path: string) => targetProblem(resolve(path), force);
  let folder = dir;
  if (folder !== undefined && folderOk(folder)) {
    io.out(folderOk(folder)!);
    folder = await ask.askFolder(freeFolder(folder), folderOk, ctx);
  }
  // Answers of a round the user did not confirm become the defaults of the next one.
  let previous: PluginConfig | undefined;
  for (;;) {
    const name = given.name ?? (await ask.askName(previous?.name ?? defaults.name(folder), ctx));
    let target = folder;
    if (target === undefined) {
      target = name;
      if (folderOk(target)) {
        io.out(folderOk(target)!);
        target = await ask.askFolder(freeFolder(target), folderOk, ctx);
      }
    }
    const author = given.author ?? (await ask.askAuthor(previous?.author ?? defaults.author(), ctx));
    const label = given.label ?? (await ask.askLabel(previous?.label ?? defaults.label(name), ctx));
    const description = given.description ?? (await ask.askDescription(previous?.description ?? defaults.description(label), ctx));
    const types = given.types ?? (await ask.askTypes(previous?.types ?? defaults.types(), ctx));
    const configurate = given.configurate ?? (await ask.askConfigurate(previous?.configurate ?? defaults.configurate, ctx));
    const base = given.base ?? (await ask.askBase(previous?.base ?? defaults.base, ctx));
    const first = types[0]!;
    // Only predefined models have a name now; models added by name are named by the user in Dify.
    const model =
      given.model ??
      (configurate === 'customizable' ? first.defaultModel : await ask.askModel(first, previous?.types[0] === first ? previous.model : first.defaultModel, ctx));
    const repo = given.repo ?? optional(await ask.askRepo(previous ? previous.repo : defaults.repo(target), ctx));
    const contact = given.contact ?? optional(await ask.askContact(previous ? previous.contact : defaults.contact(), ctx));
    const config: PluginConfig = { name, author, label, description, types, base, model, configurate, repo, contact, ...fixed };
    for (const line of summary(config, resolve(target))) io.out(line);
    if (await ask.askConfirm(ctx)) return { config, target: resolve(target) };
    io.out('Nothing written; change the answers:');
    previous = config;
    if (dir === undefined) folder = undefined;
  }
}

function summary(config: PluginConfig, target: string): string[] {
  const rel = relative(process.cwd(), target) || '.';
  const lines = [
    '',
    'The plugin:',
    `  folder         ${rel.startsWith('..') ? target : rel}`,
    `  name           ${config.name}  (author ${config.author})`,
    `  label          ${config.label}`,
    `  description    ${config.description}`,
    `  model types    ${config.types.map((t) => t.value).join(', ')}`,
    `  models         ${configurateText(config.configurate)}`,
    `  model classes  ${config.base}`,
  ];
  if (config.configurate !== 'customizable') lines.push(`  first model    ${config.model}`);
  lines.push(`  Python         ${config.pythonProject === 'pyproject' ? 'pyproject.toml' : 'requirements.txt'}`);
  lines.push(`  repository     ${config.repo ?? '(none yet: the Marketplace requires one)'}`);
  lines.push(`  contact        ${config.contact ?? '(none yet: the Marketplace requires one)'}`, '');
  return lines;
}

export function configurateText(c: Configurate): string {
  return {
    predefined: 'predefined (model YAML files, one provider credential form)',
    customizable: 'customizable (users add models by name, with per-model credentials)',
    both: 'predefined and customizable',
  }[c];
}

/** `dir`, else `dir-2`, `dir-3`… whichever can be used: the default of the re-asked folder. */
function freeFolder(dir: string): string {
  for (let n = 2; n < 100; n++) {
    const candidate = `${dir.replace(/\/+$/, '')}-${n}`;
    if (!targetProblem(resolve(candidate), false)) return candidate;
  }
  return dir;
}

/** An optional answer left empty: the key is left out. */
function optional(answer: string): string | undefined {
  return answer.trim() === '' ? undefined : answer.trim();
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
