// Y1-Y6: problems the YAML layer found while loading the files Dify reads (manifest, provider,
// model and position files). Each problem kind is reported under its own rule.
import type { Rule, RuleContext } from '../../rule.js';
import type { YamlProblemKind } from '../../../plugin/yaml-file.js';

function problemRule(id: string, kinds: YamlProblemKind[], description: string, severity: 'error' | 'warning' | 'info'): Rule {
  return {
    id,
    description,
    severity,
    check(ctx: RuleContext) {
      for (const file of loadedByDify(ctx)) {
        for (const p of file.problems) {
          if (!kinds.includes(p.kind)) continue;
          // The one certain repair among YAML problems: dropping a byte order mark.
          const fix = p.kind === 'bom' ? { file: file.path, description: 'removed the UTF-8 byte order mark', edits: [], removeBom: true } : undefined;
          ctx.report({ file, position: p.position, message: p.message, fix });
        }
      }
    },
  };
}

/**
 * The YAML files Dify itself loads; others (unreached model files) are reported by F8 as warnings.
 * When the provider file does not parse, its globs are unknown: every YAML file under models/
 * counts as loaded, so a broken model file is still an error.
 */
function loadedByDify(ctx: RuleContext) {
  const { plugin } = ctx;
  const files = [plugin.manifest, plugin.provider, ...plugin.modelFiles.map((m) => m.yaml), ...plugin.positionRefs.map((p) => p.yaml)];
  for (const g of plugin.globbedPositionFiles) files.push(plugin.fs.loadYaml(g.path));
  if (plugin.provider && !plugin.provider.ok) {
    for (const f of plugin.fs.walk().files) if (f.startsWith('models/') && /\.ya?ml$/i.test(f)) files.push(plugin.fs.loadYaml(f));
  }
  return [...new Set(files.filter((f) => f !== undefined))];
}

export const duplicateKeys = problemRule('Y1', ['duplicate-key'], 'No duplicate keys in a YAML mapping (the daemon refuses them; the SDK keeps the last).', 'error');
export const syntaxErrors = problemRule('Y2', ['syntax', 'tab-indent'], 'YAML files parse without syntax errors (tabs are not indentation).', 'error');
export const notText = problemRule('Y3', ['not-text'], 'YAML files are UTF-8 text, not binary data.', 'error');
export const tooLarge = problemRule('Y4', ['too-large'], 'YAML files stay under the size cap (2 MiB).', 'error');
export const resourceBombs = problemRule('Y5', ['alias-bomb', 'too-deep'], 'No alias expansion bombs or absurd nesting in YAML files.', 'error');
export const byteOrderMark = problemRule(
  'Y6',
  ['bom'],
  'YAML files have no UTF-8 byte order mark. Info: both parsers skip a leading BOM (yaml.v3 and PyYAML), so nothing breaks; some other tools trip on it.',
  'info',
);
