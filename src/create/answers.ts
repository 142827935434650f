// The answers that shape a generated plugin: their rules (shared by flag parsing and the
// interactive prompts) and their defaults. Each check returns a message that says what is
// wrong and what is accepted, or undefined when the value is fine.
import { execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';
import { existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { CONTACT_EMAIL, REPO_URL, HOSTS_TEXT } from '../validate/rules/marketplace/hosts.js';
import { findModelType, MODEL_TYPE_VALUES, sortTypes, type ModelTypeInfo } from './model-types.js';

export const BASES = ['openai-compatible', 'blank'] as const;
export type Base = (typeof BASES)[number];

export const PYTHON_PROJECTS = ['pyproject', 'requirements'] as const;
export type PythonProject = (typeof PYTHON_PROJECTS)[number];

/**
 * How users get models: `predefined` (the models in models/<type>/*.yaml, one provider-wide
 * credential form), `customizable` (the user adds a model by name, with per-model credentials:
 * the self-hosted, OpenAI-compatible family such as vLLM, LocalAI, Ollama), or `both`.
 */
export const CONFIGURATES = ['predefined', 'customizable', 'both'] as const;
export type Configurate = (typeof CONFIGURATES)[number];

export interface PluginConfig {
  /** The plugin name (manifest `name`) and the provider name. */
  name: string;
  author: string;
  label: string;
  description: string;
  types: ModelTypeInfo[];
  base: Base;
  /** Name of the first predefined model (of the first type); the other types get defaults. */
  model: string;
  pythonProject: PythonProject;
  configurate: Configurate;
  /** Whether the manifest asks for permission to call Dify's models back (reverse invocation). */
  modelPermission: boolean;
  /** Where generated files get the tool from: the CI workflow and the schema modelines. */
  tool: ToolSource;
  /** The source repository (manifest `repo`, the README's source link); the Marketplace requires it. */
  repo?: string;
  /** An e-mail address for the Marketplace reviewers (manifest `contact`); the Marketplace requires it. */
  contact?: string;
}

export interface ToolSource {
  /** The `npx --package <spec>` argument: an npm spec, a tarball, a git URL or a path. */
  spec: string;
  /** The folder (or URL) the `$schema` modelines point at, without the trailing slash. */
  schemaBase: string;
}

const NAME = /^[a-z0-9_-]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Dify rejects I18n values of 1024 code points or more. */
const MAX_TEXT = 1023;

export function checkName(value: string): string | undefined {
  if (!NAME.test(value)) {
    const hint = suggestName(value);
    return `"${printable(value)}" is not a valid plugin name: use lowercase letters, digits, "_" and "-" only` + (hint ? ` (e.g. ${hint})` : '');
  }
  // The manifest allows 128, but the same name is the provider name, which Dify stores in 127.
  if (value.length > 127) return `the plugin name is ${value.length} characters long; use at most 127`;
  return undefined;
}

export function checkAuthor(value: string): string | undefined {
  if (!NAME.test(value)) {
    const hint = suggestName(value);
    return `"${printable(value)}" is not a valid author: use lowercase letters, digits, "_" and "-" only (Dify refuses to install anything else)` + (hint ? `, e.g. ${hint}` : '');
  }
  if (value.length > 64) return `the author is ${value.length} characters long; use at most 64`;
  if (UUID.test(value)) return 'the author must not be a UUID (Dify refuses to install such a plugin)';
  return undefined;
}

export function checkText(what: string, value: string): string | undefined {
  if (value.trim() === '') return `the ${what} must not be empty`;
  const length = [...value].length;
  if (length > MAX_TEXT) return `the ${what} is ${length} characters long; Dify accepts at most ${MAX_TEXT}`;
  return undefined;
}

export function checkModel(value: string): string | undefined {
  if (value.trim() === '') return 'the model name must not be empty';
  if (value !== value.trim()) return `the model name "${printable(value)}" starts or ends with spaces; it is sent to the API as typed, so remove them`;
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(value)) return `the model name "${printable(value)}" contains a control character or line break`;
  const length = [...value].length;
  if (length > 255) return `the model name is ${length} characters long; use at most 255`;
  return undefined;
}

/** The Marketplace's `repo` check (MK28): a URL on one of the source hosts it accepts. */
export function checkRepo(value: string): string | undefined {
  if (REPO_URL.test(value)) return undefined;
  return `"${printable(value)}" is not a repository URL the Marketplace accepts: use https://<host>/<owner>/<repo> on ${HOSTS_TEXT}`;
}

export function checkContact(value: string): string | undefined {
  return CONTACT_EMAIL.test(value) ? undefined : `"${printable(value)}" is not an e-mail address (e.g. you@example.com); the Marketplace reviewers write to it`;
}

/** Parses a comma (or space) separated list of model types, in either spelling. */
export function parseTypes(value: string): { types?: ModelTypeInfo[]; error?: string } {
  const names = value.split(/[\s,]+/).filter(Boolean);
  if (names.length === 0) return { error: `choose at least one model type: ${MODEL_TYPE_VALUES.join(', ')}` };
  const types: ModelTypeInfo[] = [];
  for (const name of names) {
    const type = findModelType(name);
    if (!type) return { error: `unknown model type "${printable(name)}"; choose from ${MODEL_TYPE_VALUES.join(', ')}` };
    types.push(type);
  }
  return { types: sortTypes(types) };
}

export function checkBase(value: string): string | undefined {
  return (BASES as readonly string[]).includes(value) ? undefined : `unknown base "${printable(value)}"; choose ${BASES.join(' or ')}`;
}

export function checkConfigurate(value: string): string | undefined {
  return (CONFIGURATES as readonly string[]).includes(value) ? undefined : `unknown way to configure models "${printable(value)}"; choose ${CONFIGURATES.join(', ')}`;
}

export function checkPythonProject(value: string): string | undefined {
  return (PYTHON_PROJECTS as readonly string[]).includes(value)
    ? undefined
    : `unknown Python project file "${printable(value)}"; choose ${PYTHON_PROJECTS.join(' or ')}`;
}

/** Turns any text into something that passes `checkName`, or '' when nothing usable is left. */
export function suggestName(value: string, max = 127): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // é → e
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '');
}

export const defaults = {
  name(dir: string | undefined): string {
    // `.` and `..` name the folder they stand for.
    return (dir && suggestName(basename(resolve(dir)))) || 'my-model-plugin';
  },
  /** From `git config user.name` (made a valid author), else the OS user, else a placeholder. */
  author(): string {
    for (const candidate of [gitUserName(), osUserName()]) {
      const author = suggestName(candidate, 64);
      if (author && !checkAuthor(author)) return author;
    }
    return 'author';
  },
  /** From `git config user.email` when it is an address the Marketplace accepts, else none. */
  contact(): string | undefined {
    const email = git(['config', 'user.email']);
    return email && !checkContact(email) ? email : undefined;
  },
  /**
   * The `origin` remote of the git repository the plugin is created in (e.g. a fresh clone of an
   * empty GitHub repository), as an https URL without credentials; none when it is not on a host
   * the Marketplace accepts.
   */
  repo(target: string): string | undefined {
    let dir = resolve(target);
    while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
    return repoUrlFromRemote(git(['-C', dir, 'remote', 'get-url', 'origin']));
  },
  label(name: string): string {
    const words = name.split(/[-_]+/).filter(Boolean);
    return words.length ? words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ') : name;
  },
  description(label: string): string {
    return `${label} models for Dify.`;
  },
  types(): ModelTypeInfo[] {
    return [findModelType('llm')!];
  },
  base: 'openai-compatible' as Base,
  pythonProject: 'pyproject' as PythonProject,
  configurate: 'predefined' as Configurate,
};

function gitUserName(): string {
  return git(['config', 'user.name']);
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
  } catch {
    return ''; // no git, not a repository, or the key is not configured
  }
}

/** `git@github.com:o/r.git`, `ssh://git@github.com/o/r`, `https://user:token@github.com/o/r.git` → `https://github.com/o/r`. */
export function repoUrlFromRemote(remote: string): string | undefined {
  const scp = /^[\w.-]+@([\w.-]+):(?!\/)(.+)$/.exec(remote);
  let host: string;
  let path: string;
  if (scp) {
    host = scp[1]!;
    path = scp[2]!;
  } else {
    let url: URL;
    try {
      url = new URL(remote);
    } catch {
      return undefined;
    }
    if (!['https:', 'http:', 'ssh:', 'git:'].includes(url.protocol)) return undefined;
    host = url.hostname; // the user name and a token before "@" are dropped, never written
    path = url.pathname;
  }
  const repo = `https://${host}/${path.replace(/^\/+/, '').replace(/\.git\/?$/, '').replace(/\/+$/, '')}`;
  return checkRepo(repo) ? undefined : repo;
}

function osUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return ''; // No user database entry (some containers).
  }
}

/** A value shown inside an error message: control characters made visible, length capped. */
export function printable(value: string): string {
  const shown = JSON.stringify(value).slice(1, -1);
  return shown.length > 80 ? shown.slice(0, 77) + '...' : shown;
}
