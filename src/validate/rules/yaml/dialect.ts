// Y7: the SDK reads YAML with PyYAML (YAML 1.1), the daemon and editors with YAML 1.2 rules. A plain
// scalar that the two read differently means Dify sees different data depending on how the plugin
// was loaded (reference §8.7).
import { isMap, isScalar, isSeq } from '../../../plugin/yaml-ast.js';
import type { Scalar } from 'yaml';
import type { Rule } from '../../rule.js';
import type { YamlFile } from '../../../plugin/yaml-file.js';
import type { Position } from '../../../plugin/position.js';

// PyYAML's resolvers (yaml/resolver.py), restricted to the forms YAML 1.2 core reads otherwise.
const YAML11_BOOL = /^(?:yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF)$/;
const YAML11_OCTAL = /^[-+]?0[0-7_]+$/;
const YAML11_SEXAGESIMAL = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const YAML11_UNDERSCORE_NUMBER = /^[-+]?(?:0|[1-9][0-9_]*_[0-9_]*)(?:\.[0-9_]*)?$/;
const YAML12_EXP_NO_DOT = /^[-+]?[0-9]+[eE][-+]?[0-9]+$/;
const VERSION_LIKE = /^\d+\.\d*0$/;

export function dialectDivergence(source: string, keyName: string | undefined): string | undefined {
  if (YAML11_BOOL.test(source)) {
    const b = /^(?:yes|on)$/i.test(source);
    return `\`${source}\` is the boolean ${b} for the SDK (YAML 1.1) but the string "${source}" for YAML 1.2 readers. Write ${b} for a boolean, or quote it ("${source}") for text.`;
  }
  if (YAML11_OCTAL.test(source) && source.replace(/[-+_]/g, '') !== '0') {
    const oct = parseInt(source.replace(/_/g, ''), 8);
    return `\`${source}\` is the octal number ${oct} for the SDK (YAML 1.1) but ${Number(source.replace(/_/g, ''))} for YAML 1.2 readers. Quote it ("${source}") for text or drop the leading zero.`;
  }
  if (YAML11_SEXAGESIMAL.test(source)) {
    return `\`${source}\` is a base-60 number for the SDK (YAML 1.1) but text for YAML 1.2 readers. Quote it ("${source}").`;
  }
  if (YAML11_UNDERSCORE_NUMBER.test(source) && source.includes('_')) {
    return `\`${source}\` is a number for the SDK (YAML 1.1) but text for YAML 1.2 readers. Write it without underscores, or quote it.`;
  }
  if (YAML12_EXP_NO_DOT.test(source)) {
    return `\`${source}\` is a number for YAML 1.2 readers but the string "${source}" for the SDK (YAML 1.1 needs a dot, e.g. 1.0e3). Write it with a dot, or quote it.`;
  }
  if (keyName !== undefined && /version/i.test(keyName) && VERSION_LIKE.test(source)) {
    return `\`${source}\` is read as the number ${Number(source)}, not the version "${source}". Quote it: "${source}".`;
  }
  return undefined;
}

export const yamlDialect: Rule = {
  id: 'Y7',
  description: 'Plain scalars that YAML 1.1 (the SDK) and YAML 1.2 (the daemon, editors) read differently.',
  severity: 'warning',
  check(ctx) {
    const { plugin } = ctx;
    const files = new Set([plugin.manifest, plugin.provider, ...plugin.modelFiles.map((m) => m.yaml), ...plugin.positionRefs.map((p) => p.yaml)]);
    for (const file of files) {
      if (!file?.doc || !file.ok) continue;
      for (const hit of divergentScalars(file)) ctx.report({ file, position: hit.position, message: hit.message });
    }
  },
};

function divergentScalars(file: YamlFile): { position: Position; message: string }[] {
  const hits: { position: Position; message: string }[] = [];
  const check = (node: unknown, keyName: string | undefined) => {
    if (!isScalar(node) || node.type !== 'PLAIN' || !node.range) return;
    const source = (node as Scalar & { source?: string }).source;
    if (typeof source !== 'string') return;
    const message = dialectDivergence(source, keyName);
    if (message) hits.push({ position: file.positionOf(node.range), message });
  };
  // An explicit stack instead of yaml's visit(): this runs on every file, cold, once per CLI call.
  const stack: unknown[] = [file.doc!.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        check(pair.value, key);
        stack.push(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) {
        check(item, undefined);
        stack.push(item);
      }
    }
  }
  return hits;
}
