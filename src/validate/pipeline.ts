// The validation pipeline for one plugin: load (YAML with positions) → schemas → rules → sorted
// diagnostics. Reporters format the result elsewhere.
import { loadPlugin, getPath, type LoadedPlugin } from '../plugin/load.js';
import { compareDiagnostics, type Diagnostic, type PluginResult } from './diagnostic.js';
import type { Rule, RuleContext, ReportInput } from './rule.js';
import { RULES } from './rules/index.js';
import { checkSchemas } from './schema/check.js';
import { FILE_START } from '../plugin/position.js';

export interface ValidateOptions {
  /** Only run these rule ids (all when undefined). */
  rules?: ReadonlySet<string>;
}

export interface PluginRun {
  result: PluginResult;
  plugin: LoadedPlugin;
}

export function validatePlugin(root: string, options: ValidateOptions = {}): PluginRun {
  return validateLoadedPlugin(loadPlugin(root), options);
}

/**
 * validatePlugin for the commands: first loads the Python grammar (X8) when the plugin has Python
 * sources, so that only plugins with .py files pay for it.
 */
export async function validatePluginAsync(root: string, options: ValidateOptions = {}): Promise<PluginRun> {
  const plugin = loadPlugin(root);
  await preparePython(plugin);
  return validateLoadedPlugin(plugin, options);
}

/** Loads the Python grammar if the plugin has .py files (once per process). */
export async function preparePython(plugin: LoadedPlugin): Promise<void> {
  if (!plugin.fs.walk().files.some((f) => f.endsWith('.py'))) return;
  const { loadPythonGrammar } = await import('./python/grammar.js');
  await loadPythonGrammar();
}

/** Validates a plugin already loaded (e.g. by `invoke`), reusing its parsed files. */
export function validateLoadedPlugin(plugin: LoadedPlugin, options: ValidateOptions = {}): PluginRun {
  const diagnostics: Grouped[] = [];
  const byId = new Map(RULES.map((r) => [r.id, r]));
  const enabled = (id: string) => !options.rules || options.rules.has(id);

  const reporterFor = (rule: Rule) => (input: ReportInput) => {
    if (input.severity !== 'off') diagnostics.push(toDiagnostic(rule, input));
  };

  // Schemas first: they report under the ids of the rules they implement.
  checkSchemas(plugin, (ruleId, input) => {
    if (!enabled(ruleId)) return;
    const rule = byId.get(ruleId);
    if (!rule) throw new Error(`schema stage reported unknown rule id ${ruleId}`);
    if (input.severity !== 'off') diagnostics.push(toDiagnostic(rule, input));
  });

  for (const rule of RULES) {
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
      diagnostics: group(dedupe(diagnostics).sort(compareDiagnostics)),
    },
  };
}

type Grouped = Diagnostic & { group?: string };

function toDiagnostic(rule: Rule, input: ReportInput): Grouped {
  const file = input.file;
  let position = input.position ?? FILE_START;
  let path: string | null = null;
  if (file && typeof file === 'object') {
    path = file.path;
    if (!input.position && input.path) position = file.locate(input.path, input.part);
  } else if (typeof file === 'string') {
    path = file;
  }
  const d: Grouped = {
    ruleId: rule.id,
    severity: (input.severity as Diagnostic['severity'] | undefined) ?? rule.severity,
    message: input.message,
    file: path,
    line: position.line,
    column: position.column,
  };
  if (position.endLine !== undefined) {
    d.endLine = position.endLine;
    d.endColumn = position.endColumn;
  }
  if (input.group !== undefined) d.group = input.group;
  return d;
}

/**
 * One problem repeated in many places is one finding: the first report (in file order) carries
 * the others as related locations. Reports without a group key stay as they are.
 */
function group(list: Grouped[]): Diagnostic[] {
  const firsts = new Map<string, Diagnostic>();
  const out: Diagnostic[] = [];
  for (const { group: key, ...d } of list) {
    if (key === undefined) {
      out.push(d);
      continue;
    }
    const id = `${d.ruleId}\0${d.severity}\0${key}`;
    const first = firsts.get(id);
    if (!first) {
      firsts.set(id, d);
      out.push(d);
    } else {
      (first.related ??= []).push({ file: d.file, line: d.line, column: d.column, message: d.message });
    }
  }
  return out;
}

/** Two stages may see the same fact (a schema and a rule); print it once. */
function dedupe(list: Grouped[]): Grouped[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.ruleId}\0${d.file}\0${d.line}\0${d.column}\0${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
