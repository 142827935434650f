import type { Rule } from '../../rule.js';

export const modelRules: Rule[] = [];
