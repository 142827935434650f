// A rule implemented (at least partly) by a JSON Schema constraint: the schema stage reports under
// its id; `check` adds what a schema cannot express.
import type { Severity } from '../diagnostic.js';
import type { Rule, RuleContext } from '../rule.js';

export function schemaRule(id: string, severity: Severity, description: string, check?: (ctx: RuleContext) => void): Rule {
  return check ? { id, severity, description, check } : { id, severity, description };
}
