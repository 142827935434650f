import type { Rule } from '../../rule.js';

export const manifestRules: Rule[] = [];
