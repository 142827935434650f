// Turns one ajv error into a sentence a plugin author understands, located at the offending key
// or value, under the rule id the failing constraint implements. ajv's own wording is never shown.
import { isScalar } from '../../plugin/yaml-ast.js';
import { getPath } from '../../plugin/load.js';
import { pointerToPath, type ValuePath } from '../../plugin/position.js';
import type { YamlFile } from '../../plugin/yaml-file.js';
import type { Severity } from '../diagnostic.js';
import { annotate, noteFor, type JsonSchema } from './annotations.js';
import { describeValue, flowYaml, formatPath, listValues, quote, typeNames } from './describe.js';
import { closest } from './suggest.js';
import type { SchemaError } from './validators.js';

export interface Translated {
  ruleId: string;
  /** Undefined: the rule's default severity; `off`: not reported. */
  severity: Severity | 'off' | undefined;
  message: string;
  path: ValuePath;
  part: 'key' | 'value';
  /** The rule's own check reports this failure; the schema stage stays silent. */
  custom: boolean;
  /** Reports with the same key are one finding (see ReportInput.group). */
  group?: string;
}

export interface TranslateContext {
  root: JsonSchema;
  data: unknown;
  file: YamlFile;
  /** How the document itself is named in messages ("manifest.yaml", "the provider file"). */
  documentName: string;
}

/** Keywords the translator writes sentences for; schemas must not use other validation keywords. */
export const TRANSLATED_KEYWORDS = new Set([
  'type', 'required', 'additionalProperties', 'enum', 'const', 'pattern', 'minLength', 'maxLength',
  'minItems', 'maxItems', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'not', 'if',
]);

export function translate(error: SchemaError, ctx: TranslateContext): Translated | undefined {
  // `if` failures only say "the then/else branch failed"; the branch's own errors carry the detail.
  if (error.keyword === 'if') return undefined;
  const a = annotate(ctx.root, error);
  if (!a.ruleId) throw new Error(`schema constraint ${error.schemaPath} has no x-rule annotation`);
  const path = pointerToPath(error.instancePath);
  const value = getPath(ctx.data, path);
  const where = formatPath(path);
  const subject = where || ctx.documentName;
  const node = a.node;
  const hint = typeof node.errorMessage === 'string' ? node.errorMessage : undefined;
  const p = error.params;
  const out = (message: string, at: ValuePath = path, part: 'key' | 'value' = 'value'): Translated => ({
    ruleId: a.ruleId!,
    severity: a.severity,
    message: tidy(message),
    path: at,
    part,
    custom: a.custom,
  });

  switch (error.keyword) {
    case 'type': {
      const want = p.type as string | string[];
      const wrap = typeof node['x-wrap'] === 'string' ? node['x-wrap'] : undefined;
      if (wrap && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) {
        const key = typeof path[path.length - 1] === 'string' ? `${String(path[path.length - 1])}: ` : '';
        return out(`${subject} must be ${typeNames(want)}, not ${describeValue(value)}. Write ${key}{${wrap}: ${flowYaml(String(value))}}.`);
      }
      return out(`${subject} must be ${typeNames(want)}, not ${describeValue(value)}. ${quotingHint(want, value, path, ctx.file) ?? ''} ${hint ?? ''}`);
    }
    case 'required': {
      const missing = String(p.missingProperty);
      const target = a.target;
      // A warning-level `required` is a recommendation, not a requirement.
      const base = `${missing} ${a.severity === 'warning' || a.severity === 'info' ? 'is not set' : 'is required'}${where ? ` in ${where}` : ''}`;
      const example = Array.isArray(target?.examples) ? ` Add it, e.g. ${missing}: ${flowYaml(target!.examples[0])}.` : '';
      // The missing property's own description says what it is; a conditional `required` (no
      // declared property) carries its reason in its errorMessage.
      const t = typeof target?.description === 'string' ? out(`${base}: ${target.description}${example}`, path, 'key') : out(`${base}. ${hint ?? ''}${example}`, path, 'key');
      // A recommended key missing in many places (context_size in every legacy model) is one finding.
      if (a.severity === 'warning' || a.severity === 'info') t.group = `missing:${missing}`;
      return t;
    }
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const known = Object.keys((node.properties as object | undefined) ?? {});
      const guess = closest(key, known);
      const note = noteFor(node, key, false) ?? noteFor(node, '*') ?? 'Dify ignores it.';
      const inWhere = where ? ` in ${where}` : '';
      const t = out(`Unknown key ${quote(key)}${inWhere}${guess ? `; did you mean ${quote(guess)}?` : '.'} ${note}`, [...path, key], 'key');
      t.severity = unknownKeySeverity(node, key, guess) ?? t.severity;
      // The same stray key in many places (every model file, every label) is one finding.
      t.group = `unknown:${key}`;
      return t;
    }
    case 'enum':
    case 'const': {
      const allowed = error.keyword === 'const' ? [p.allowedValue] : ((p.allowedValues as unknown[]) ?? (node.enum as unknown[]) ?? []);
      const title = typeof node.title === 'string' ? node.title : undefined;
      const what = title ? `a valid ${title}` : 'an allowed value';
      const list = `Use one of: ${listValues(allowed)}.`;
      if (typeof value !== 'string') return out(`${subject} is ${describeValue(value)}, not ${what}. ${hint ?? list}`);
      const guess = closest(value, allowed.filter((v): v is string => typeof v === 'string' && v !== ''));
      const note = noteFor(node, value, false);
      return out(`${subject} ${quote(value)} is not ${what}${guess ? `; did you mean ${quote(guess)}?` : '.'} ${note ?? ''} ${hint ?? list}`);
    }
    case 'pattern': {
      const fix = typeof node.patternErrorMessage === 'string' ? node.patternErrorMessage : hint;
      return out(`${subject} ${quote(String(value))} has the wrong format. ${fix ?? ''}`);
    }
    case 'minLength': {
      const limit = Number(p.limit);
      if (limit <= 1) return out(`${subject} is empty. ${hint ?? 'Write a value.'}`);
      return out(`${subject} is ${codePoints(value)} characters long; at least ${limit} are needed. ${hint ?? ''}`);
    }
    case 'maxLength':
      return out(`${subject} is ${codePoints(value)} characters long; at most ${p.limit} are allowed. ${hint ?? ''}`);
    case 'minItems': {
      const n = Array.isArray(value) ? value.length : 0;
      return out(`${subject} ${n === 0 ? 'is an empty list' : `has ${n} item${n === 1 ? '' : 's'}`}; at least ${p.limit} ${Number(p.limit) === 1 ? 'is' : 'are'} needed. ${hint ?? ''}`);
    }
    case 'maxItems': {
      const n = Array.isArray(value) ? value.length : 0;
      const limit = Number(p.limit);
      if (limit === 0) return out(`${subject} lists ${n} item${n === 1 ? '' : 's'}. ${hint ?? 'It must be empty.'}`);
      return out(`${subject} has ${n} items; at most ${limit} ${limit === 1 ? 'is' : 'are'} allowed. ${hint ?? ''}`);
    }
    case 'minimum':
    case 'exclusiveMinimum':
    case 'maximum':
    case 'exclusiveMaximum': {
      const cmp = { minimum: 'at least', exclusiveMinimum: 'more than', maximum: 'at most', exclusiveMaximum: 'less than' }[error.keyword];
      return out(`${subject} is ${String(value)}; it must be ${cmp} ${p.limit}. ${hint ?? ''}`);
    }
    case 'not': {
      const shown = typeof value === 'string' ? quote(value) : String(value);
      return out(`${subject} is ${shown}: ${hint ?? 'this value is not allowed here.'}`);
    }
    default:
      return out(`${subject} is not valid here (${error.keyword}). ${hint ?? ''}`);
  }
}

/**
 * `x-unknown-severity` grades unknown keys that both parsers ignore: a key named there gets its
 * level (`off` for keys tools write on purpose, like `verified`); any other key gets `*` unless it
 * looks like a typo of a known key, which keeps the rule's own level (the value is lost).
 */
function unknownKeySeverity(node: JsonSchema, key: string, guess: string | undefined): Severity | 'off' | undefined {
  const levels = node['x-unknown-severity'] as Record<string, Severity | 'off'> | undefined;
  if (!levels) return undefined;
  if (Object.prototype.hasOwnProperty.call(levels, key)) return levels[key];
  return guess ? undefined : levels['*'];
}

/** The quoting fix for the common YAML typing slips, using the text as written. */
function quotingHint(want: string | string[], value: unknown, path: ValuePath, file: YamlFile): string | undefined {
  const types = Array.isArray(want) ? want : [want];
  const key = path.length > 0 && typeof path[path.length - 1] === 'string' ? `${String(path[path.length - 1])}: ` : '- ';
  const wantsString = types.includes('string');
  const wantsNumber = types.includes('number') || types.includes('integer');
  if (wantsString && !wantsNumber && (typeof value === 'number' || typeof value === 'boolean')) {
    const source = rawSource(file, path) ?? String(value);
    return `Quote it: ${key}"${source}".`;
  }
  if (typeof value === 'string') {
    if (wantsNumber && !wantsString && value.trim() !== '' && Number.isFinite(Number(value))) {
      return `Remove the quotes: ${key}${value.trim()} (the daemon refuses a quoted number).`;
    }
    if (types.includes('boolean') && /^(true|false)$/i.test(value.trim())) {
      return `Remove the quotes: ${key}${value.trim().toLowerCase()} (the daemon refuses a quoted boolean).`;
    }
  }
  if (types.includes('integer') && !types.includes('number') && typeof value === 'number') return 'Use a whole number.';
  return undefined;
}

function rawSource(file: YamlFile, path: ValuePath): string | undefined {
  const node = file.nodeAt(path);
  if (!isScalar(node)) return undefined;
  const source = (node as { source?: unknown }).source;
  return typeof source === 'string' ? source : undefined;
}

function codePoints(value: unknown): number {
  return typeof value === 'string' ? [...value].length : 0;
}

/** Collapses the gaps left by optional parts. */
function tidy(s: string): string {
  return s.replace(/ {2,}/g, ' ').trim();
}
