import { UsageError, EXIT } from '../cli/errors.js';
import { validatePlugins } from './index.js';
import { REPORTERS } from './reporters/index.js';
import { RULES as CORE_RULES } from './rules/index.js';
import { MARKETPLACE_RULES } from './rules/marketplace/index.js';
import type { ValidateCliOptions } from './cli.js';
import type { ValidationResult } from './diagnostic.js';
import { readSourceText } from '../plugin/source-text.js';

export async function runValidate(paths: string[], opts: ValidateCliOptions): Promise<number> {
  const loadReporter = REPORTERS[opts.format];
  if (!loadReporter) throw new UsageError(`unknown format "${opts.format}"; use one of ${Object.keys(REPORTERS).join(', ')}.`);
  let maxWarnings: number | undefined;
  if (opts.maxWarnings !== undefined) {
    if (!/^\d+$/.test(opts.maxWarnings)) throw new UsageError(`--max-warnings takes a whole number >= 0, not "${opts.maxWarnings}".`);
    maxWarnings = Number(opts.maxWarnings);
  }

  const reporterLoaded = loadReporter();
  let result = await validatePlugins(paths, { marketplace: opts.marketplace });
  if (opts.quiet) result = onlyErrors(result);

  const cwd = process.cwd();
  const reporter = await reporterLoaded;
  process.stdout.write(reporter(result, { cwd, source: readSourceText, maxWarnings }));

  if (result.errorCount > 0) return EXIT.problems;
  if (maxWarnings !== undefined && result.warningCount > maxWarnings) return EXIT.problems;
  return EXIT.ok;
}

export async function runRules(opts: { format: string; marketplace?: boolean }): Promise<number> {
  const RULES = opts.marketplace ? [...CORE_RULES, ...MARKETPLACE_RULES] : CORE_RULES;
  if (opts.format === 'json') {
    process.stdout.write(JSON.stringify(RULES.map((r) => ({ id: r.id, severity: r.severity, description: r.description })), null, 2) + '\n');
  } else {
    const width = Math.max(...RULES.map((r) => r.id.length));
    for (const r of RULES) process.stdout.write(`${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.description}\n`);
  }
  return EXIT.ok;
}

function onlyErrors(result: ValidationResult): ValidationResult {
  return {
    plugins: result.plugins.map((p) => ({ ...p, diagnostics: p.diagnostics.filter((d) => d.severity === 'error') })),
    errorCount: result.errorCount,
    warningCount: 0,
  };
}
