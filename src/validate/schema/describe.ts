// How values, types and paths are written in messages.
import type { ValuePath } from '../../plugin/position.js';

/** `meta.runner.version`, `parameter_rules[2].min`; '' for the document itself. */
export function formatPath(path: ValuePath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? keyText(seg) : `.${keyText(seg)}`;
  }
  return out;
}

function keyText(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key);
}

/** The value as a reader would recognise it: a quoted string, a number, "an empty value", "a list". */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'empty (null)';
  if (typeof value === 'string') return `the text ${quote(value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `the boolean ${value}`;
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  return 'a mapping';
}

export function quote(s: string, max = 80): string {
  const clipped = s.length > max ? `${s.slice(0, max)}…` : s;
  return JSON.stringify(clipped);
}

const TYPE_NAMES: Record<string, string> = {
  string: 'text (a string)',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  null: 'empty',
};

export function typeNames(types: string | string[]): string {
  const list = (Array.isArray(types) ? types : String(types).split(',')).map((t) => TYPE_NAMES[t] ?? t);
  if (list.length <= 1) return list[0] ?? 'a different type';
  return `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}`;
}

export function listValues(values: readonly unknown[]): string {
  return values
    .filter((v) => typeof v === 'string' && v !== '')
    .map((v) => String(v))
    .join(', ');
}

/** A value as YAML flow text for "e.g." snippets: {en_US: My Provider}, ["models/llm/*.yaml"]. */
export function flowYaml(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return plainSafe(value) ? value : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(flowYaml).join(', ')}]`;
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${plainSafe(k) ? k : JSON.stringify(k)}: ${flowYaml(v)}`)
    .join(', ')}}`;
}

function plainSafe(s: string): boolean {
  // Conservative: letters, digits, spaces and ./_- only, not starting with a digit or sign (those
  // look like numbers), and not a word YAML reads as a boolean or null.
  return /^[A-Za-z_][\w ./-]*$/.test(s) && !/\s$/.test(s) && !/^(true|false|null|yes|no|on|off|y|n)$/i.test(s);
}
