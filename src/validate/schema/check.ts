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
  const problems: Translated[] = [];
  for (const error of errors) {
    const t = translate(error, { root: schema, data, file, documentName: DOCUMENT_NAMES[kind] });
    if (t) problems.push(t);
  }
  return problems;
}

function checkFile(file: YamlFile, kind: SchemaKind, report: SchemaReport, skip?: ReadonlySet<string>): void {
  const problems = schemaProblems(file, kind).filter((t) => !t.custom && !skip?.has(t.ruleId));
  const shown = problems.slice(0, MAX_SCHEMA_PROBLEMS_PER_FILE);
  for (const t of shown) {
    report(t.ruleId, { file, path: t.path, part: t.part, message: t.message, severity: t.severity });
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
  const severities = list.map((t) => t.severity ?? defaults.get(t.ruleId) ?? 'error');
  if (severities.includes('error')) return 'error';
  return severities.includes('warning') ? 'warning' : 'info';
}
