// Validation before a run: the validator is loaded and run lazily, so that it can work while the
// plugin's Python starts (the validator's import and checks take ~100 ms; the SDK's start-up ~0.5 s).
import type { PluginResult } from '../validate/diagnostic.js';
import type { LoadedPlugin } from '../plugin/load.js';
import { readSourceText } from '../plugin/source-text.js';

export interface ValidationGate {
  /** Runs the validator once; the result of a plugin with errors, or undefined when it has none. */
  errors(): Promise<PluginResult | undefined>;
  /** How many warnings the validator found (after errors() resolved). */
  warnings(): number;
  /** The diagnostics as the validate command prints them (stylish). */
  format(result: PluginResult): Promise<string>;
}

/** `loaded` gives the plugin the caller already loaded (its files are not parsed again), if any. */
export function validationGate(root: string, loaded: () => LoadedPlugin | undefined = () => undefined): ValidationGate {
  let pending: Promise<PluginResult | undefined> | undefined;
  let warnings = 0;
  return {
    errors() {
      pending ??= (async () => {
        const { validatePluginAsync, validateLoadedPluginAsync } = await import('../validate/pipeline.js');
        const plugin = loaded();
        const { result } = plugin ? await validateLoadedPluginAsync(plugin) : await validatePluginAsync(root);
        warnings = result.diagnostics.filter((d) => d.severity === 'warning').length;
        return result.diagnostics.some((d) => d.severity === 'error') ? result : undefined;
      })();
      return pending;
    },
    warnings: () => warnings,
    async format(result) {
      const stylish = await (await import('../validate/reporters/index.js')).REPORTERS.stylish();
      const count = (s: string) => result.diagnostics.filter((d) => d.severity === s).length;
      return stylish({ plugins: [result], errorCount: count('error'), warningCount: count('warning') }, { cwd: process.cwd(), source: readSourceText });
    },
  };
}
