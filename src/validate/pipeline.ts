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
import { inThread, pythonSources, setSyntaxResults, type SourceText, type SyntaxResults, type SyntaxService } from './python/syntax-service.js';
import { readSyntaxCache, syntaxCacheDir, syntaxCacheKey, writeSyntaxCache } from './python/syntax-cache.js';
import { RUNNING_FROM_SOURCE } from '../package-root.js';
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

/**
 * validatePlugin for the commands: the Python sources' syntax (X8) is checked by `syntax` (a worker
 * thread when given one) while this thread checks everything else; X8 runs once its results are in.
 */
export async function validatePluginAsync(root: string, options: ValidateOptions = {}, syntax: SyntaxService = inThread): Promise<PluginRun> {
  return validateLoadedPluginAsync(loadPlugin(root), options, syntax);
}

export async function validateLoadedPluginAsync(plugin: LoadedPlugin, options: ValidateOptions = {}, syntax: SyntaxService = inThread): Promise<PluginRun> {
  const run = setup(plugin, options);
  const sources = run.enabled('X8') ? pythonSources(plugin) : [];
  if (sources.length === 0) return finish(plugin, run, collect(plugin, run, () => true, true));
  const pending = checkSyntax(sources, syntax);
  const diagnostics = collect(plugin, run, (id) => id !== 'X8', true);
  setSyntaxResults(plugin, await pending);
  diagnostics.push(...collect(plugin, run, (id) => id === 'X8', false));
  return finish(plugin, run, diagnostics);
}

/** The sources' syntax results: cached ones read back, the others checked by `syntax` (then cached). */
async function checkSyntax(sources: SourceText[], syntax: SyntaxService): Promise<SyntaxResults> {
  const dir = RUNNING_FROM_SOURCE ? undefined : syntaxCacheDir();
  if (!dir) return syntax.check(sources);
  const results: SyntaxResults = new Map();
  const misses: SourceText[] = [];
  const keys = new Map<string, string>();
  for (const f of sources) {
    const key = syntaxCacheKey(f.text);
    const hit = readSyntaxCache(dir, key);
    if (hit === undefined) {
      misses.push(f);
      keys.set(f.rel, key);
    }
    results.set(f.rel, hit ?? null);
  }
  if (misses.length === 0) return results;
  const checked = await syntax.check(misses);
  for (const [rel, r] of checked) results.set(rel, r);
  writeSyntaxCache(dir, [...checked].flatMap(([rel, result]) => (keys.has(rel) ? [{ key: keys.get(rel)!, result }] : [])));
  return results;
}

/** Validates a plugin already loaded (e.g. by `invoke`), reusing its parsed files. */
export function validateLoadedPlugin(plugin: LoadedPlugin, options: ValidateOptions = {}): PluginRun {
  const run = setup(plugin, options);
  return finish(plugin, run, collect(plugin, run, () => true, true));
}

interface RunSetup {
  rules: Rule[];
  byId: Map<string, Rule>;
  config: ReturnType<typeof loadConfig>;
  enabled: (id: string) => boolean;
}

function setup(plugin: LoadedPlugin, options: ValidateOptions): RunSetup {
  const rules = options.marketplace ? [...RULES.filter((r) => !SUPERSEDED_BY_MARKETPLACE.has(r.id)), ...MARKETPLACE_RULES] : RULES;
  const byId = new Map<string, Rule>(rules.map((r) => [r.id, r]));
  // The author's configuration (.model-plugin.yaml / package.json): rules set to off do not run.
  const config = loadConfig(plugin.root, plugin.fs, options.passedPaths);
  const enabled = (id: string) => (!options.rules || options.rules.has(id)) && config.rules.get(id) !== 'off';
  return { rules, byId, config, enabled };
}

/** Runs the schemas (if asked) and the rules `only` accepts among those enabled. */
function collect(plugin: LoadedPlugin, run: RunSetup, only: (id: string) => boolean, schemas: boolean): Grouped[] {
  const diagnostics: Grouped[] = [];
  const { byId, enabled } = run;

  const reporterFor = (rule: Rule) => (input: ReportInput) => {
    if (input.severity !== 'off') diagnostics.push(toDiagnostic(rule, input));
  };

  // Schemas first: they report under the ids of the rules they implement.
  if (schemas) {
    checkSchemas(plugin, (ruleId, input) => {
      if (!enabled(ruleId)) return;
      const rule = byId.get(ruleId);
      if (!rule) throw new Error(`schema stage reported unknown rule id ${ruleId}`);
      if (input.severity === 'off') return;
      const fix = FINDING_FIXES[ruleId]?.(plugin, input);
      diagnostics.push(toDiagnostic(rule, fix ? { ...input, fix } : input));
    });
  }

  for (const rule of run.rules) {
    if (!rule.check || !enabled(rule.id) || !only(rule.id)) continue;
    const ctx: RuleContext = { plugin, report: reporterFor(rule) };
    rule.check(ctx);
  }
  return diagnostics;
}

function finish(plugin: LoadedPlugin, run: RunSetup, diagnostics: Grouped[]): PluginRun {
  const name = getPath(plugin.manifest?.data, ['name']);
  return {
    plugin,
    result: {
      root: plugin.root,
      name: typeof name === 'string' ? name : null,
      diagnostics: group((applyControl(plugin, run.config, dedupe(diagnostics), run.byId) as Grouped[]).sort(compareDiagnostics)),
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
  if (input.hideSource) d.hideSource = true;
  if (position.endLine !== undefined) {
    d.endLine = position.endLine;
    d.endColumn = position.endColumn;
  }
  if (input.group !== undefined) d.group = input.group;
  if (input.fix) d.fix = input.fix;
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
