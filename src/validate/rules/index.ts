// Every rule, in the order they run and are listed by `model-plugin rules`.
import type { Rule } from '../rule.js';
import { yamlRules } from './yaml/index.js';
import { manifestRules } from './manifest/index.js';
import { providerRules } from './provider/index.js';
import { modelRules } from './model/index.js';
import { crossRules } from './cross/index.js';
import { controlRules } from './control.js';
import { RULE_NAMES } from './names.js';
import { SEVERITY_WHY } from './severity-why.js';
import { MARKETPLACE_RULES } from './marketplace/index.js';

export type NamedRule = Rule & { name: string };

export const RULES: NamedRule[] = [...yamlRules, ...manifestRules, ...providerRules, ...modelRules, ...crossRules, ...controlRules].map(
  // A rule missing from names.ts still runs (test/validate/rule-names.test.ts fails until it is added).
  // Each description ends with why the rule has its severity (severity-why.ts).
  (r) => ({
    ...r,
    name: r.name ?? RULE_NAMES[r.id] ?? r.id.toLowerCase(),
    description: SEVERITY_WHY[r.id] ? `${r.description} ${SEVERITY_WHY[r.id]}` : r.description,
  }),
);

/** A rule by id (P13) or name (provider-models-shape). */
export function findRule(idOrName: string): NamedRule | undefined {
  return RULES_BY_KEY.get(idOrName) ?? RULES_BY_KEY.get(idOrName.toUpperCase());
}

// The `--marketplace` MK rules can be configured and disabled by id or name too.
const RULES_BY_KEY = new Map<string, NamedRule>([...RULES, ...MARKETPLACE_RULES].flatMap((r) => [[r.id, r] as const, [r.name, r] as const]));
