// Applies the author's control to one plugin's findings: the configuration's severities and
// `off` switches, then the disable comments. Its own problems are findings too (C1, C2).
import type { LoadedPlugin } from '../../plugin/load.js';
import type { Position } from '../../plugin/position.js';
import type { Diagnostic } from '../diagnostic.js';
import type { Rule } from '../rule.js';
import { directivesOf, type Directive } from './directives.js';
import type { ValidatorConfig } from './load.js';

export function applyControl(plugin: LoadedPlugin, config: ValidatorConfig, diagnostics: Diagnostic[], rules: ReadonlyMap<string, Rule>): Diagnostic[] {
  const found: Diagnostic[] = [...diagnostics];
  const own = (ruleId: string, file: string, position: Position, message: string) => {
    const rule = rules.get(ruleId)!;
    found.push({ ruleId, severity: rule.severity, message, file, ...position });
  };
  for (const p of config.problems) own('C1', p.file, p.position, p.message);

  // Disable comments, from every YAML file that was read and every YAML file a finding is in.
  const byFile = new Map<string, Directive[]>();
  const files = new Map(plugin.fs.loadedYaml().map((f) => [f.path, f]));
  for (const d of diagnostics) {
    if (d.file && /\.ya?ml$/.test(d.file) && !files.has(d.file)) {
      const yaml = plugin.fs.loadYaml(d.file);
      if (yaml) files.set(yaml.path, yaml);
    }
  }
  for (const file of files.values()) {
    const { directives, problems } = directivesOf(file);
    if (directives.length > 0) byFile.set(file.path, directives);
    for (const p of problems) own('C2', p.file, p.position, p.message);
  }

  const silenced = (d: Diagnostic) =>
    d.file !== null && (byFile.get(d.file)?.some((x) => x.line === d.line && (!x.ids || x.ids.has(d.ruleId))) ?? false);

  const out: Diagnostic[] = [];
  for (const d of found) {
    const setting = config.rules.get(d.ruleId);
    if (setting === 'off' || silenced(d)) continue;
    out.push(setting ? { ...d, severity: setting } : d);
  }
  return out;
}
