import { UsageError, EXIT } from '../cli/errors.js';
import { isPackagePath, validatePlugins } from './index.js';
import { REPORTERS } from './reporters/index.js';
import { RULES as CORE_RULES } from './rules/index.js';
import { MARKETPLACE_RULES } from './rules/marketplace/index.js';
import type { ValidateCliOptions } from './cli.js';
import type { ValidationResult } from './diagnostic.js';
import { readSourceText } from '../plugin/source-text.js';
import { join, relative, resolve, sep } from 'node:path';

export async function runValidate(paths: string[], opts: ValidateCliOptions): Promise<number> {
  const loadReporter = REPORTERS[opts.format];
  if (!loadReporter) throw new UsageError(`unknown format "${opts.format}"; use one of ${Object.keys(REPORTERS).join(', ')}.`);
  let maxWarnings: number | undefined;
  if (opts.maxWarnings !== undefined) {
    if (!/^\d+$/.test(opts.maxWarnings)) throw new UsageError(`--max-warnings takes a whole number >= 0, not "${opts.maxWarnings}".`);
    maxWarnings = Number(opts.maxWarnings);
  }

  if (opts.fix && opts.fixDryRun) throw new UsageError('use --fix or --fix-dry-run, not both.');
  const pkg = (opts.fix || opts.fixDryRun) && paths.find((p) => isPackagePath(resolve(p)));
  if (pkg) throw new UsageError(`--fix edits a plugin's files; ${pkg} is a package. Fix the plugin folder it was built from, then package it again.`);

  const reporterLoaded = loadReporter();
  const cwd = process.cwd();
  let result: ValidationResult;
  if (opts.fix || opts.fixDryRun) {
    const { fixPlugins } = await import('./fix/run.js');
    const outcome = await fixPlugins(() => validatePlugins(paths, { marketplace: opts.marketplace }), {
      dryRun: Boolean(opts.fixDryRun),
      cwdRelative: (root, file) => relative(cwd, join(root, file)).split(sep).join('/'),
    });
    result = outcome.result;
    // What changed goes before the report; machine formats keep stdout for themselves.
    const write = (text: string) => (opts.format === 'stylish' ? process.stdout : process.stderr).write(text);
    if (outcome.diff) write(outcome.diff);
    if (outcome.report.length > 0) write(outcome.report.join('\n') + '\n\n');
    else if (opts.format === 'stylish') write(opts.fixDryRun ? 'Nothing to fix.\n\n' : 'Nothing was fixed.\n\n');
  } else {
    result = await validatePlugins(paths, { marketplace: opts.marketplace });
  }
  let hiddenInfo = 0;
  if (opts.quiet) result = onlyErrors(result);
  else if (!opts.verbose) ({ result, hidden: hiddenInfo } = withoutInfo(result));

  const reporter = await reporterLoaded;
  process.stdout.write(reporter(result, { cwd, source: readSourceText, maxWarnings, hiddenInfo }));

  if (result.errorCount > 0) return EXIT.problems;
  if (maxWarnings !== undefined && result.warningCount > maxWarnings) return EXIT.problems;
  return EXIT.ok;
}

export async function runRules(opts: { format: string; marketplace?: boolean }): Promise<number> {
  const RULES = opts.marketplace ? [...CORE_RULES, ...MARKETPLACE_RULES] : CORE_RULES;
  if (opts.format === 'json') {
    const { ruleDocsUrl } = await import('./rule-docs.js');
    const list = RULES.map((r) => ({ id: r.id, name: r.name, severity: r.severity, description: r.description, docs: ruleDocsUrl(r.id) }));
    process.stdout.write(JSON.stringify(list, null, 2) + '\n');
  } else {
    const width = Math.max(...RULES.map((r) => r.id.length));
    const nameWidth = Math.max(...RULES.map((r) => r.name.length));
    for (const r of RULES) process.stdout.write(`${r.id.padEnd(width)}  ${r.name.padEnd(nameWidth)}  ${r.severity.padEnd(7)}  ${r.description}\n`);
  }
  return EXIT.ok;
}

/** Info findings are harmless; they show only with --verbose. */
function withoutInfo(result: ValidationResult): { result: ValidationResult; hidden: number } {
  let hidden = 0;
  const plugins = result.plugins.map((p) => {
    const diagnostics = p.diagnostics.filter((d) => d.severity !== 'info');
    hidden += p.diagnostics.length - diagnostics.length;
    return { ...p, diagnostics };
  });
  return { result: { ...result, plugins }, hidden };
}

function onlyErrors(result: ValidationResult): ValidationResult {
  return {
    plugins: result.plugins.map((p) => ({ ...p, diagnostics: p.diagnostics.filter((d) => d.severity === 'error') })),
    errorCount: result.errorCount,
    warningCount: 0,
  };
}
