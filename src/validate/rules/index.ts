// Every rule, in the order they run and are listed by `model-plugin rules`.
import type { Rule } from '../rule.js';
import { yamlRules } from './yaml/index.js';
import { manifestRules } from './manifest/index.js';
import { providerRules } from './provider/index.js';
import { modelRules } from './model/index.js';
import { crossRules } from './cross/index.js';
import { SEVERITY_WHY } from './severity-why.js';

export const RULES: Rule[] = [...yamlRules, ...manifestRules, ...providerRules, ...modelRules, ...crossRules].map(
  // Each description ends with why the rule has its severity (severity-why.ts).
  (r) => (SEVERITY_WHY[r.id] ? { ...r, description: `${r.description} ${SEVERITY_WHY[r.id]}` } : r),
);
