// Where credentials come from: a JSON/YAML file (--credentials) and `-c key=value` flags (which win).
import { readFileSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
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
  if (ext === '.json') {
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
    out[k] = typeof v === 'number' || typeof v === 'boolean' ? String(v) : v;
  }
  return out;
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
  return out;
}

function lineCol(text: string, offset: number): [number, number] {
  const before = text.slice(0, offset).split('\n');
  return [before.length, before[before.length - 1].length + 1];
}
