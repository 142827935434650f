// The validation pipeline for one plugin: load (YAML with positions) → schemas → rules → sorted
// diagnostics. Reporters format the result elsewhere.
import { loadPlugin, getPath, type LoadedPlugin } from '../plugin/load.js';
import { compareDiagnostics, type Diagnostic, type PluginResult } from './diagnostic.js';
import type { Rule, RuleContext, ReportInput } from './rule.js';
import { RULES } from './rules/index.js';
import { MARKETPLACE_RULES, SUPERSEDED_BY_MARKETPLACE } from './rules/marketplace/index.js';
import { FINDING_FIXES } from './rules/fixes.js';
import { checkSchemas } from './schema/check.js';
import { FILE_START } from '../plugin/position.js';
import { loadConfig } from './config/load.js';
import { applyControl } from './config/apply.js';

export interface ValidateOptions {
  /** Only run these rule ids (all when undefined). */
  rules?: ReadonlySet<string>;
  /** Also run the Marketplace's offline submission checks (`--marketplace`). */
  marketplace?: boolean;
  /**
   * The absolute paths the user passed: a configuration file may also sit in the folders from the
   * plugin root up to one of them (config/load.ts). Without them only the plugin root is searched.
   */
  passedPaths?: readonly string[];
}

export interface PluginRun {
  result: PluginResult;
  plugin: LoadedPlugin;
}

export function validatePlugin(root: string, options: ValidateOptions = {}): PluginRun {
  return validateLoadedPlugin(loadPlugin(root), options);
}

/** Validates a plugin already loaded (e.g. by `invoke`), reusing its parsed files. */
export function validateLoadedPlugin(plugin: LoadedPlugin, options: ValidateOptions = {}): PluginRun {
  const diagnostics: Diagnostic[] = [];
  const rules = options.marketplace ? [...RULES.filter((r) => !SUPERSEDED_BY_MARKETPLACE.has(r.id)), ...MARKETPLACE_RULES] : RULES;
  const byId = new Map<string, Rule>(rules.map((r) => [r.id, r]));
  // The author's configuration (.model-plugin.yaml / package.json): rules set to off do not run.
  const config = loadConfig(plugin.root, plugin.fs, options.passedPaths);
  const enabled = (id: string) => (!options.rules || options.rules.has(id)) && config.rules.get(id) !== 'off';

  const reporterFor = (rule: Rule) => (input: ReportInput) => {
    diagnostics.push(toDiagnostic(rule, input));
  };

  // Schemas first: they report under the ids of the rules they implement.
  checkSchemas(plugin, (ruleId, input) => {
    if (!enabled(ruleId)) return;
    const rule = byId.get(ruleId);
    if (!rule) throw new Error(`schema stage reported unknown rule id ${ruleId}`);
    const fix = FINDING_FIXES[ruleId]?.(plugin, input);
    diagnostics.push(toDiagnostic(rule, fix ? { ...input, fix } : input));
  });

  for (const rule of rules) {
    if (!rule.check || !enabled(rule.id)) continue;
    const ctx: RuleContext = { plugin, report: reporterFor(rule) };
    rule.check(ctx);
  }

  const name = getPath(plugin.manifest?.data, ['name']);
  return {
    plugin,
    result: {
      root: plugin.root,
      name: typeof name === 'string' ? name : null,
      diagnostics: applyControl(plugin, config, dedupe(diagnostics), byId).sort(compareDiagnostics),
    },
  };
}

function toDiagnostic(rule: Rule, input: ReportInput): Diagnostic {
  const file = input.file;
  let position = input.position ?? FILE_START;
  let path: string | null = null;
  if (file && typeof file === 'object') {
    path = file.path;
    if (!input.position && input.path) position = file.locate(input.path, input.part);
  } else if (typeof file === 'string') {
    path = file;
  }
  const d: Diagnostic = {
    ruleId: rule.id,
    severity: input.severity ?? rule.severity,
    message: input.message,
    file: path,
    line: position.line,
    column: position.column,
  };
  if (input.hideSource) d.hideSource = true;
  if (position.endLine !== undefined) {
    d.endLine = position.endLine;
    d.endColumn = position.endColumn;
  }
  if (input.fix) d.fix = input.fix;
  return d;
}

/** Two stages may see the same fact (a schema and a rule); print it once. */
function dedupe(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.ruleId}\0${d.file}\0${d.line}\0${d.column}\0${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
