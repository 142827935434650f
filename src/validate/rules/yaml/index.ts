import type { Rule } from '../../rule.js';
import { duplicateKeys, syntaxErrors, notText, tooLarge, resourceBombs, byteOrderMark } from './problems.js';
import { yamlDialect } from './dialect.js';

export const yamlRules: Rule[] = [duplicateKeys, syntaxErrors, notText, tooLarge, resourceBombs, byteOrderMark, yamlDialect];
