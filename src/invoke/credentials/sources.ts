// Where credentials come from, weakest first: environment variables named
// MODEL_PLUGIN_CREDENTIAL_<VARIABLE>, a JSON/YAML/.env file (--credentials), `-c key=value` flags.
// Any value written `env:NAME` is read from the environment variable NAME, so that a secret need
// not appear in shell history or in `ps`.
import { readFileSync, statSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { parseDocument } from 'yaml';
import { UsageError } from '../../cli/errors.js';
import type { Credentials } from './form.js';

const MAX_FILE_BYTES = 1024 * 1024;

export function readCredentialsFile(path: string, cwd = process.cwd()): Credentials {
  const abs = resolve(cwd, path);
  let text: string;
  try {
    if (statSync(abs).size > MAX_FILE_BYTES) throw new UsageError(`--credentials ${path}: the file is larger than 1 MiB; it should hold a small mapping of credential values.`);
    text = readFileSync(abs, 'utf8');
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`--credentials ${path}: ${code === 'ENOENT' ? 'file not found' : (err as Error).message}. Pass a JSON or YAML file mapping credential variables to values.`);
  }
  const ext = extname(abs).toLowerCase();
  let data: unknown;
  if (isDotenvName(abs) || (ext !== '.json' && looksLikeDotenv(text))) {
    // dotenv is loaded only for a .env file: most runs never read one.
    data = (createRequire(import.meta.url)('dotenv') as typeof import('dotenv')).parse(text);
  } else if (ext === '.json') {
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw new UsageError(`--credentials ${path}: not valid JSON (${(err as Error).message}). Fix the file or use YAML (.yaml).`);
    }
  } else {
    // YAML is a superset of JSON, so any other name is read as YAML.
    const doc = parseDocument(text, { prettyErrors: false });
    const first = doc.errors[0];
    if (first) {
      const [line, col] = lineCol(text, first.pos[0]);
      throw new UsageError(`${path}:${line}:${col}: --credentials file is not valid YAML: ${first.message.split('\n')[0]}`);
    }
    data = doc.toJS();
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new UsageError(`--credentials ${path}: the file must hold a mapping of credential variables to values, e.g. {"api_key": "..."}.`);
  }
  const out: Credentials = {};
  for (const [k, v] of Object.entries(data)) {
    if (v === null || v === undefined) continue;
    // Dify's form sends strings; numbers and booleans written unquoted become their text.
    out[stripPrefix(k)] = typeof v === 'number' || typeof v === 'boolean' ? String(v) : v;
  }
  return resolveEnvReferences(out, `--credentials ${path}`);
}

/** The prefix of environment variables that hold credential values: MODEL_PLUGIN_CREDENTIAL_API_KEY. */
export const ENV_PREFIX = 'MODEL_PLUGIN_CREDENTIAL_';

/**
 * Credential values from MODEL_PLUGIN_CREDENTIAL_<VARIABLE> environment variables, for the given form
 * variables. The variable part matches the form variable exactly or in upper case.
 */
export function credentialsFromEnv(variables: Iterable<string>, env: NodeJS.ProcessEnv = process.env): Credentials {
  const out: Credentials = {};
  for (const v of variables) {
    const value = env[ENV_PREFIX + v] ?? env[ENV_PREFIX + v.toUpperCase()];
    if (value !== undefined && value !== '') out[v] = value;
  }
  return resolveEnvReferences(out, 'the environment', env);
}

/** `env:NAME` values replaced by the environment variable NAME; a missing one is a usage error. */
export function resolveEnvReferences(values: Credentials, where: string, env: NodeJS.ProcessEnv = process.env): Credentials {
  const out: Credentials = {};
  for (const [k, v] of Object.entries(values)) {
    const m = typeof v === 'string' ? /^env:([A-Za-z_][A-Za-z0-9_]*)$/.exec(v.trim()) : null;
    if (!m) {
      out[k] = v;
      continue;
    }
    const value = env[m[1]];
    if (value === undefined || value === '') {
      throw new UsageError(`${where}: credential "${k}" is env:${m[1]}, but the environment variable ${m[1]} is not set (or empty). Export it first, e.g. export ${m[1]}=...`);
    }
    out[k] = value;
  }
  return out;
}

function stripPrefix(key: string): string {
  return key.startsWith(ENV_PREFIX) ? key.slice(ENV_PREFIX.length) : key;
}

/** `.env`, `.env.local`, `creds.env`: read as KEY=VALUE lines. */
function isDotenvName(path: string): boolean {
  const name = basename(path).toLowerCase();
  return name === '.env' || name.startsWith('.env.') || name.endsWith('.env');
}

/** Every non-comment line is KEY=VALUE (YAML would read such a file as one string). */
function looksLikeDotenv(text: string): boolean {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() && !l.trim().startsWith('#'));
  return lines.length > 0 && lines.every((l) => /^\s*(export\s+)?[A-Za-z_][\w.-]*\s*=/.test(l));
}


export function parseCredentialFlags(flags: string[]): Credentials {
  const out: Credentials = {};
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    // Never echo the argument: without "=" it may be the secret itself.
    if (eq < 0) throw new UsageError(`-c expects key=value (one argument had no "="), e.g. -c api_key=sk-... where the key is a credential form variable.`);
    if (eq === 0 || !flag.slice(0, eq).trim()) throw new UsageError(`-c expects key=value (one argument has an empty key before "=").`);
    out[flag.slice(0, eq).trim()] = flag.slice(eq + 1);
  }
  return resolveEnvReferences(out, '-c');
}

function lineCol(text: string, offset: number): [number, number] {
  const before = text.slice(0, offset).split('\n');
  return [before.length, before[before.length - 1].length + 1];
}
