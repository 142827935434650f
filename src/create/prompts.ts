// Interactive questions (only when stdin is a terminal). Each question has a flag; the
// prompts use the same checks as the flags. Ctrl-C makes @inquirer/prompts throw
// ExitPromptError, which the CLI turns into exit 130 before anything is written.
import { checkbox, confirm, input, select } from '@inquirer/prompts';
import { BASES, CONFIGURATES, checkAuthor, checkContact, checkModel, checkName, checkRepo, checkText, type Base, type Configurate } from './answers.js';
import { MODEL_TYPES, type ModelTypeInfo } from './model-types.js';

/** Stream overrides for tests; the defaults are the process's stdin/stdout. */
export interface PromptContext {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

const asValidator = (check: (v: string) => string | undefined) => (value: string) => check(value) ?? true;

export function askName(defaultName: string, context?: PromptContext): Promise<string> {
  return input({ message: 'Plugin name (also the provider name)', default: defaultName, validate: asValidator(checkName) }, context);
}

export function askAuthor(defaultAuthor: string, context?: PromptContext): Promise<string> {
  return input({ message: 'Author (your Marketplace organization)', default: defaultAuthor, validate: asValidator(checkAuthor) }, context);
}

export function askLabel(defaultLabel: string, context?: PromptContext): Promise<string> {
  return input({ message: 'Label shown in Dify', default: defaultLabel, validate: asValidator((v) => checkText('label', v)) }, context);
}

export function askDescription(defaultDescription: string, context?: PromptContext): Promise<string> {
  return input(
    { message: 'Description', default: defaultDescription, validate: asValidator((v) => checkText('description', v)) },
    context,
  );
}

export function askTypes(defaults: ModelTypeInfo[], context?: PromptContext): Promise<ModelTypeInfo[]> {
  return checkbox(
    {
      message: 'Model types',
      choices: MODEL_TYPES.map((t) => ({ name: `${t.value}  (${t.title})`, value: t, checked: defaults.includes(t) })),
      required: true,
    },
    context,
  );
}

export function askBase(defaultBase: Base, context?: PromptContext): Promise<Base> {
  const descriptions: Record<Base, string> = {
    'openai-compatible': 'works against any OpenAI-compatible API right away',
    blank: 'empty methods with TODOs, for an API of your own',
  };
  return select(
    {
      message: 'Model classes',
      choices: BASES.map((b) => ({ name: b, value: b, description: descriptions[b] })),
      default: defaultBase,
    },
    context,
  );
}

export function askModel(type: ModelTypeInfo, defaultModel: string, context?: PromptContext): Promise<string> {
  return input(
    { message: `Name of the first ${type.value} model (as the API knows it)`, default: defaultModel, validate: asValidator(checkModel) },
    context,
  );
}

/** Asked when the folder given (or ./<name>) cannot be used; `problem` says why a path cannot. */
export function askFolder(defaultFolder: string, problem: (path: string) => string | undefined, context?: PromptContext): Promise<string> {
  return input(
    {
      message: 'Folder for the plugin (new or empty)',
      default: defaultFolder,
      validate: (v: string) => (v.trim() === '' ? 'type a folder' : problem(v.trim()) ?? true),
    },
    context,
  ).then((v) => v.trim());
}

export function askConfigurate(defaultConfigurate: Configurate, context?: PromptContext): Promise<Configurate> {
  const descriptions: Record<Configurate, string> = {
    predefined: 'models listed in model YAML files; users enter one API key for the provider',
    customizable: 'users add any model by name, each with its own endpoint and key (vLLM, Ollama, LocalAI...)',
    both: 'predefined models, and users can add more by name',
  };
  return select(
    {
      message: 'How users get models',
      choices: CONFIGURATES.map((c) => ({ name: c, value: c, description: descriptions[c] })),
      default: defaultConfigurate,
    },
    context,
  );
}

/** Empty is accepted: the Marketplace needs the answer, Dify does not. */
const optionalValidator = (check: (v: string) => string | undefined) => (value: string) => (value.trim() === '' ? true : check(value.trim()) ?? true);

export function askRepo(defaultRepo: string | undefined, context?: PromptContext): Promise<string> {
  return input(
    { message: 'Source repository URL (the Marketplace requires it; empty to add it later)', default: defaultRepo, validate: optionalValidator(checkRepo) },
    context,
  );
}

export function askContact(defaultContact: string | undefined, context?: PromptContext): Promise<string> {
  return input(
    { message: 'Contact e-mail for the Marketplace reviewers (empty to add it later)', default: defaultContact, validate: optionalValidator(checkContact) },
    context,
  );
}

export function askConfirm(context?: PromptContext): Promise<boolean> {
  return confirm({ message: 'Create the plugin?', default: true }, context);
}
