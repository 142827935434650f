// Which plugins the model rules apply to. A manifest that lists no model provider but other plugin
// kinds (tools, endpoints, ...) is a different kind of plugin: its manifest is still checked, the
// rest is out of this validator's scope and is said so once, as information.
import { getPath, isRecord } from '../../../plugin/load.js';
import type { YamlFile } from '../../../plugin/yaml-file.js';
import type { RuleContext } from '../../rule.js';

export const OTHER_PLUGIN_KINDS = ['tools', 'endpoints', 'agent_strategies', 'datasources', 'triggers'] as const;

export interface ManifestScope {
  /** False only when `plugins.models` is absent/empty and another plugin kind is declared. */
  model: boolean;
  /** The other plugin kinds the manifest declares (non-empty lists). */
  otherKinds: string[];
}

export function manifestScope(manifest: YamlFile | undefined): ManifestScope {
  const plugins = getPath(manifest?.data, ['plugins']);
  if (!isRecord(plugins)) return { model: true, otherKinds: [] };
  const models = plugins.models;
  const otherKinds = OTHER_PLUGIN_KINDS.filter((k) => Array.isArray(plugins[k]) && (plugins[k] as unknown[]).length > 0);
  const noModels = models === undefined || models === null || (Array.isArray(models) && models.length === 0);
  return { model: !(noModels && otherKinds.length > 0), otherKinds };
}


/** M9's check: one information line for a plugin that is not a model plugin. */
export function reportOutOfScope(ctx: RuleContext): void {
  const file = ctx.plugin.manifest;
  if (!file?.ok) return;
  const scope = manifestScope(file);
  if (scope.model) return;
  const kinds = scope.otherKinds.map((k) => `plugins.${k}`).join(', ');
  ctx.report({
    file,
    path: ['plugins'],
    part: 'key',
    severity: 'info',
    message: `This manifest declares no model provider (plugins.models is empty) but ${kinds}: it is not a model plugin. Its manifest was checked; the rest of the plugin is outside what model-plugin validates.`,
  });
}
