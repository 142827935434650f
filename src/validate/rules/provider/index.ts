import type { Rule } from '../../rule.js';

export const providerRules: Rule[] = [];
