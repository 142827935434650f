// `--format sarif`: SARIF 2.1.0, for code-scanning dashboards.
import { relative, join } from 'node:path';
import type { Reporter } from './types.js';
import { RULES } from '../rules/index.js';
import { readmeUrl, ruleDocsUrl } from '../rule-docs.js';

export const sarif: Reporter = (result, ctx) => {
  const used = new Set(result.plugins.flatMap((p) => p.diagnostics.map((d) => d.ruleId)));
  const rules = RULES.filter((r) => used.has(r.id));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results = result.plugins.flatMap((p) =>
    p.diagnostics.map((d) => {
      const uri = relative(ctx.cwd, join(p.root, d.file ?? 'manifest.yaml')).split('\\').join('/');
      const region: Record<string, number> = { startLine: d.line, startColumn: d.column };
      if (d.endLine !== undefined) {
        region.endLine = d.endLine;
        region.endColumn = d.endColumn!;
      }
      return {
        ruleId: d.ruleId,
        ruleIndex: index.get(d.ruleId),
        level: d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'note',
        message: { text: d.message },
        locations: [{ physicalLocation: { artifactLocation: { uri }, region } }],
        ...(d.related
          ? {
              relatedLocations: d.related.map((r, i) => ({
                id: i + 1,
                message: { text: r.message },
                physicalLocation: {
                  artifactLocation: { uri: relative(ctx.cwd, join(p.root, r.file ?? 'manifest.yaml')).split('\\').join('/') },
                  region: { startLine: r.line, startColumn: r.column },
                },
              })),
            }
          : {}),
      };
    }),
  );
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'model-plugin',
            informationUri: readmeUrl(),
            rules: rules.map((r) => ({
              id: r.id,
              name: r.name,
              helpUri: ruleDocsUrl(r.id),
              shortDescription: { text: r.description },
              defaultConfiguration: { level: r.severity === 'error' ? 'error' : r.severity === 'warning' ? 'warning' : 'note' },
            })),
          },
        },
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
};
