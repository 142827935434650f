// C1-C2: problems in how the author controls the validator itself (its configuration and its
// disable comments). The config stage (src/validate/config/) reports them; they have no check.
import type { Rule } from '../rule.js';

export const controlRules: Rule[] = [
  {
    id: 'C1',
    severity: 'warning',
    description: 'the validator configuration (.model-plugin.yaml or the package.json "model-plugin" key) parses and names known rules and severities.',
  },
  {
    id: 'C2',
    severity: 'warning',
    description: 'a `# model-plugin-disable-next-line` comment names known rule ids or names.',
  },
];
