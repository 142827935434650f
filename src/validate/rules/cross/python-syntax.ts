// X8: the plugin's Python sources parse (a real Python grammar, python/grammar.ts). The SDK imports
// the entrypoint, the provider source, every model source and what they import when the plugin
// starts: a syntax error there crashes it, so it is an error. Another packaged .py file (tests,
// scripts) is loaded only if something imports it at run time: a warning.
import type { Rule } from '../../rule.js';
import { pythonGrammarLoaded, pythonSyntaxError } from '../../python/grammar.js';
import { MAX_PYTHON_BYTES } from '../../python/project.js';
import { analysePython } from './python-analysis.js';
import { pathRefs } from './refs.js';
import { ignoreFileOf, excludedBy } from './ignore-file.js';

export const pythonSyntax: Rule = {
  id: 'X8',
  description: "The plugin's Python sources parse: errors in the entrypoint, provider and model sources and the modules they import; warnings in other packaged .py files.",
  severity: 'error',
  check(ctx) {
    const { plugin } = ctx;
    // Loaded by every validation path before the rules run (validate, invoke); without it there is
    // no grammar to check with.
    if (!pythonGrammarLoaded()) return;
    const files = plugin.fs.walk().files.filter((f) => f.endsWith('.py'));
    if (files.length === 0) return;
    const loaded = new Set(analysePython(plugin).project.loadedFiles());
    for (const ref of pathRefs(plugin)) {
      if ((ref.kind === 'entrypoint' || ref.kind === 'provider-source' || ref.kind === 'model-source') && ref.resolved.status === 'file') loaded.add(ref.resolved.rel);
    }
    const ignore = ignoreFileOf(plugin);
    for (const f of files) {
      const isLoaded = loaded.has(f);
      if (!isLoaded && ignore && excludedBy(ignore, f)) continue; // not packaged
      const text = plugin.fs.readText(f, MAX_PYTHON_BYTES);
      if (text === undefined || text.includes('\0')) continue;
      const error = pythonSyntaxError(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
      if (!error) continue;
      ctx.report({
        file: f,
        position: { line: error.line, column: error.column },
        severity: isLoaded ? 'error' : 'warning',
        message: isLoaded
          ? `${error.message} The SDK imports ${f} when the plugin starts, so the plugin crashes with a SyntaxError. Fix the code.`
          : `${error.message} Nothing the plugin loads at start imports ${f}, but anything that imports it later fails. Fix the code or exclude the file from the package.`,
      });
    }
  },
};
