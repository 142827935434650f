// `# model-plugin-disable-next-line P10, provider-models-shape -- why`: in any YAML file of the
// plugin, drops the findings of those rules (all rules when none is named) on the next line, as
// ESLint's eslint-disable-next-line and Ruff's noqa do. A name that is no rule is reported (C2).
import type { YamlFile } from '../../plugin/yaml-file.js';
import type { Position } from '../../plugin/position.js';
import { findRule } from '../rules/index.js';

export const DIRECTIVE = 'model-plugin-disable-next-line';
const LINE = new RegExp(`^([ \\t]*#[ \\t]*)${DIRECTIVE}(?=\\s|$)(.*)$`);

export interface Directive {
  /** The line the directive silences (1-based). */
  line: number;
  /** Rule ids it names; undefined = every rule. */
  ids: Set<string> | undefined;
}

export interface DirectiveProblem {
  file: string;
  position: Position;
  message: string;
}

/** The directives of one file (comment lines only), and the names in them that are no rule. */
export function directivesOf(file: YamlFile): { directives: Directive[]; problems: DirectiveProblem[] } {
  const directives: Directive[] = [];
  const problems: DirectiveProblem[] = [];
  if (!file.text.includes(DIRECTIVE)) return { directives, problems };
  const lines = file.text.split('\n');
  lines.forEach((raw, index) => {
    const match = LINE.exec(raw.replace(/\r$/, ''));
    if (!match) return;
    // `-- reason` ends the list, as in ESLint.
    const list = match[2].split(/\s--\s|\s--$/)[0];
    const start = match[1].length + DIRECTIVE.length;
    const ids = new Set<string>();
    for (const token of list.matchAll(/[^\s,]+/g)) {
      const rule = findRule(token[0]);
      if (rule) {
        ids.add(rule.id);
        continue;
      }
      const column = start + token.index + 1;
      problems.push({
        file: file.path,
        position: { line: index + 1, column, endLine: index + 1, endColumn: column + token[0].length },
        message: `"${token[0]}" in ${DIRECTIVE} is not a rule id or name, so nothing is silenced for it; \`model-plugin rules\` lists them.`,
      });
    }
    const named = list.trim() !== '';
    directives.push({ line: index + 2, ids: named ? ids : undefined });
  });
  return { directives, problems };
}
