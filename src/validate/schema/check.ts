// The schema stage: validates the manifest, the provider file and every model file against
// schemas/*.schema.json (ajv standalone code generated at build time, see validators.ts) and
// reports each failure, translated (translate.ts), under the rule id its constraint implements.
import type { LoadedPlugin } from '../../plugin/load.js';
import type { YamlFile } from '../../plugin/yaml-file.js';
import type { Severity } from '../diagnostic.js';
import type { ReportInput } from '../rule.js';
import { RULES } from '../rules/index.js';
import { manifestScope } from '../rules/manifest/scope.js';
import type { SchemaKind } from './ajv-config.js';
import { translate, type Translated } from './translate.js';
import { schemaFor } from './validators.js';
import { validationData } from './sdk-view.js';
import type { SchemaError } from './validators.js';
import { closest } from './suggest.js';
import { annotate, noteFor, type JsonSchema } from './annotations.js';

export type SchemaReport = (ruleId: string, input: ReportInput) => void;

/** Beyond this many problems in one file, one line says how many more there are. */
export const MAX_SCHEMA_PROBLEMS_PER_FILE = 50;

const DOCUMENT_NAMES: Record<SchemaKind, string> = {
  manifest: 'manifest.yaml',
  provider: 'the provider file',
  model: 'the model file',
  position: 'the position file',
};

export function checkSchemas(plugin: LoadedPlugin, report: SchemaReport): void {
  const scope = manifestScope(plugin.manifest);
  // A plugin of another kind: M9's model-provider requirements do not apply (M9 says so as info).
  if (plugin.manifest) checkFile(plugin.manifest, 'manifest', report, scope.model ? undefined : new Set(['M9']));
  if (!scope.model) return;
  if (plugin.provider) checkFile(plugin.provider, 'provider', report);
  for (const ref of plugin.modelFiles) checkFile(ref.yaml, 'model', report);
}

/** Schema problems of one file, translated; exported for tests and for other stages' reuse. */
export function schemaProblems(file: YamlFile, kind: SchemaKind): Translated[] {
  // Unreadable or unparseable files are reported by the Y rules; there is nothing to validate.
  if (!file.ok) return [];
  const { validate, schema } = schemaFor(kind);
  const data = validationData(file);
  validate(data);
  const errors = dropShadowed(validate.errors ?? []);
  const ctx = { root: schema, data, file, documentName: DOCUMENT_NAMES[kind] };
  const problems: Translated[] = [];
  const typos = misspelledRequired(errors);
  const explained = explainedByUnknownKey(errors, schema);
  for (const error of errors) {
    if (typos.consumed.has(error)) continue;
    const typo = typos.byUnknown.get(error);
    if (typo) {
      const missing = translate(typo.required, ctx);
      const unknown = translate(error, ctx);
      if (missing && unknown) {
        problems.push({
          ...missing,
          path: unknown.path,
          part: 'key',
          group: undefined,
          message: `\`${typo.key}\` is not a key; did you mean \`${typo.missing}\` (required)? Rename it to ${typo.missing}.`,
        });
      }
      continue;
    }
    const t = translate(error, ctx);
    // A recommended key reported missing where a stray key with its own note says what to write
    // instead (`help: {text: ...}` for `help: {en_US: ...}`): the note is the one finding.
    if (t && explained.has(error) && t.severity !== undefined && t.severity !== 'error') continue;
    if (t) problems.push(t);
  }
  return problems;
}

/** `required` errors at a path where an unknown key has a note of its own in the schema. */
function explainedByUnknownKey(errors: SchemaError[], root: JsonSchema): Set<SchemaError> {
  const out = new Set<SchemaError>();
  for (const unk of errors) {
    if (unk.keyword !== 'additionalProperties') continue;
    const node = annotate(root, unk).node;
    if (!noteFor(node, String(unk.params.additionalProperty), false)) continue;
    for (const req of errors) if (req.keyword === 'required' && req.instancePath === unk.instancePath) out.add(req);
  }
  return out;
}

/**
 * A required key that is missing next to an unknown key that is its near miss (`proivder` for
 * `provider`) is one problem, at the typo: the pair of schema errors becomes one finding.
 */
function misspelledRequired(errors: SchemaError[]): {
  consumed: Set<SchemaError>;
  byUnknown: Map<SchemaError, { required: SchemaError; key: string; missing: string }>;
} {
  const consumed = new Set<SchemaError>();
  const byUnknown = new Map<SchemaError, { required: SchemaError; key: string; missing: string }>();
  for (const req of errors) {
    if (req.keyword !== 'required') continue;
    const missing = String(req.params.missingProperty);
    for (const unk of errors) {
      if (unk.keyword !== 'additionalProperties' || unk.instancePath !== req.instancePath || byUnknown.has(unk)) continue;
      const key = String(unk.params.additionalProperty);
      if (closest(key, [missing]) !== missing) continue;
      byUnknown.set(unk, { required: req, key, missing });
      consumed.add(req);
      break;
    }
  }
  return { consumed, byUnknown };
}

function checkFile(file: YamlFile, kind: SchemaKind, report: SchemaReport, skip?: ReadonlySet<string>): void {
  const problems = schemaProblems(file, kind).filter((t) => !t.custom && !skip?.has(t.ruleId));
  const shown = problems.slice(0, MAX_SCHEMA_PROBLEMS_PER_FILE);
  for (const t of shown) {
    report(t.ruleId, { file, path: t.path, part: t.part, message: t.message, severity: t.severity, group: t.group });
  }
  const rest = problems.slice(MAX_SCHEMA_PROBLEMS_PER_FILE);
  if (rest.length > 0) {
    const first = rest[0];
    report(first.ruleId, {
      file,
      path: first.path,
      part: first.part,
      severity: worst(rest),
      message: `${rest.length} more schema problem${rest.length === 1 ? '' : 's'} in ${file.path} not shown (the first is here); fix the ones above and validate again.`,
    });
  }
}

/**
 * When a value has the wrong type, the other constraints on it (enum, pattern, `not`...) only
 * repeat the problem: keep the type error alone.
 */
function dropShadowed(errors: SchemaError[]): SchemaError[] {
  const typeFailures = errors
    .filter((e) => e.keyword === 'type')
    .map((e) => ({ instancePath: e.instancePath, prefix: e.schemaPath.slice(0, -'type'.length) }));
  if (typeFailures.length === 0) return errors;
  return errors.filter(
    (e) => e.keyword === 'type' || !typeFailures.some((t) => t.instancePath === e.instancePath && e.schemaPath.startsWith(t.prefix)),
  );
}

function worst(list: Translated[]): Severity {
  const defaults = new Map(RULES.map((r) => [r.id, r.severity]));
  const severities = list.map((t) => t.severity ?? defaults.get(t.ruleId) ?? 'error').filter((s): s is Severity => s !== 'off');
  if (severities.includes('error')) return 'error';
  return severities.includes('warning') ? 'warning' : 'info';
}
