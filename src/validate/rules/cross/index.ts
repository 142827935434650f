import type { Rule } from '../../rule.js';

export const crossRules: Rule[] = [];
