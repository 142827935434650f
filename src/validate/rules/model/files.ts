// The model files the model rules look at: every model YAML a glob reaches, when it parsed.
import { isRecord } from '../../../plugin/load.js';
import type { YamlFile } from '../../../plugin/yaml-file.js';
import type { RuleContext } from '../../rule.js';
import { validationData } from '../../schema/sdk-view.js';

export interface ModelDoc {
  file: YamlFile;
  /** The file's mapping, with YAML 1.1 booleans as the SDK reads them. */
  data: Record<string, unknown>;
}

export function modelDocs(ctx: RuleContext): ModelDoc[] {
  const docs: ModelDoc[] = [];
  for (const ref of ctx.plugin.modelFiles) {
    if (!ref.yaml.ok) continue;
    const data = validationData(ref.yaml);
    if (isRecord(data)) docs.push({ file: ref.yaml, data });
  }
  return docs;
}
