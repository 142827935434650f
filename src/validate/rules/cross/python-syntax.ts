// X8: the plugin's Python sources parse (a real Python grammar, python/grammar.ts). The SDK imports
// the entrypoint, the provider source, every model source and what they import when the plugin
// starts: a syntax error there crashes it, so it is an error. Another packaged .py file (tests,
// scripts) is loaded only if something imports it at run time: a warning.
import type { Rule, RuleContext } from '../../rule.js';
import { pythonGrammarLoaded, pythonSyntaxError, type PythonSyntaxError } from '../../python/grammar.js';
import { pythonSources, syntaxResultsOf } from '../../python/syntax-service.js';
import { analysePython } from './python-analysis.js';
import { pathRefs } from './refs.js';
import { ignoreFileOf, excludedBy } from './ignore-file.js';

export const pythonSyntax: Rule = {
  id: 'X8',
  description: "The plugin's Python sources parse: errors in the entrypoint, provider and model sources and the modules they import; warnings in other packaged .py files.",
  severity: 'error',
  check(ctx) {
    reportSyntaxErrors(ctx, false);
  },
};

/**
 * MK48 (`--marketplace`, where it takes X8's place): the Marketplace's local validator compiles
 * every packaged .py file (`python -m compileall`) and refuses the package when one fails, so
 * every syntax error is an error there, loaded at start or not. The grammar finds what the parser
 * refuses; errors CPython raises only while compiling (e.g. `return` outside a function) are not
 * found.
 */
export const compilesForMarketplace: Rule = {
  id: 'MK48',
  description: 'Marketplace: every packaged .py file compiles (python -m compileall in the local validator); syntax errors found with the Python grammar.',
  severity: 'error',
  check(ctx) {
    reportSyntaxErrors(ctx, true);
  },
};

function reportSyntaxErrors(ctx: RuleContext, marketplace: boolean): void {
  {
    const { plugin } = ctx;
    // The commands check the sources before this rule runs (pipeline.ts, in a worker when one
    // plugin is validated); tests that validate synchronously have the grammar loaded in-thread.
    let results = syntaxResultsOf(plugin);
    if (!results) {
      if (!pythonGrammarLoaded()) return;
      results = new Map<string, PythonSyntaxError | null>(pythonSources(plugin).map((f) => [f.rel, pythonSyntaxError(f.text) ?? null]));
    }
    if (![...results.values()].some((e) => e)) return;
    const loaded = new Set(analysePython(plugin).project.loadedFiles());
    for (const ref of pathRefs(plugin)) {
      if ((ref.kind === 'entrypoint' || ref.kind === 'provider-source' || ref.kind === 'model-source') && ref.resolved.status === 'file') loaded.add(ref.resolved.rel);
    }
    const ignore = ignoreFileOf(plugin);
    for (const [f, error] of results) {
      const isLoaded = loaded.has(f);
      if (!isLoaded && ignore && excludedBy(ignore, f)) continue; // not packaged
      if (!error) continue;
      const compileall = marketplace ? " The Marketplace's validator compiles every packaged .py file (python -m compileall) and refuses the package." : '';
      ctx.report({
        file: f,
        position: { line: error.line, column: error.column },
        severity: isLoaded || marketplace ? 'error' : 'warning',
        message: isLoaded
          ? `${error.message} The SDK imports ${f} when the plugin starts, so the plugin crashes with a SyntaxError.${compileall} Fix the code.`
          : `${error.message} Nothing the plugin loads at start imports ${f}, but anything that imports it later fails.${compileall} Fix the code or exclude the file from the package.`,
      });
    }
  }
}
