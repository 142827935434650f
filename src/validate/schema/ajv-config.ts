// The one ajv configuration, shared by scripts/build-schemas.mjs (which generates standalone
// validation code at build time) and the development fallback in validators.ts. Keeping it in one
// place means the shipped validators and the dev ones cannot drift apart.

/** The schema files in schemas/, by kind; each compiles to dist/validate/schema/generated/<kind>.cjs. */
export const SCHEMA_KINDS = ['manifest', 'provider', 'model', 'position'] as const;
export type SchemaKind = (typeof SCHEMA_KINDS)[number];

/**
 * Annotation keywords: ajv ignores them when validating, the schema stage reads them (see
 * annotations.ts), editors read the standard ones.
 * - `x-rule`: the rule id (§11) the constraints of this subschema implement.
 * - `x-severity`: 'warning' | 'info' when this subschema's failures are softer than the rule's default.
 * - `x-custom`: the rule's own check reports these failures (a richer message, or another stage's rule).
 * - `x-unknown`: the rule id for keys that `additionalProperties: false` rejects here.
 * - `x-unknown-severity`: per unknown key, its level (`*` default; `off` silences it); typos keep the rule's level.
 * - `x-notes`: per value (enum) or per key (unknown keys) explanations; `*` is the default.
 * - `x-wrap`: a text given where this mapping belongs goes under this key (`label: Foo` → `label: {en_US: Foo}`).
 * - `errorMessage`, `patternErrorMessage`: the fix, as a sentence (VS Code and yaml-language-server show them too).
 */
export const ANNOTATION_KEYWORDS = [
  'x-rule',
  'x-severity',
  'x-custom',
  'x-unknown',
  'x-unknown-severity',
  'x-notes',
  'x-wrap',
  'errorMessage',
  'patternErrorMessage',
  'markdownDescription',
  'deprecationMessage',
] as const;

export const AJV_OPTIONS = {
  allErrors: true,
  // The schema stage writes its own sentences; ajv's English is never shown.
  messages: false,
  strictSchema: true,
  strictNumbers: true,
  strictTuples: true,
  // Conditional subschemas (`required` in allOf/else) are deliberate.
  strictTypes: false,
  strictRequired: false,
  allowUnionTypes: true,
  // `format` is for editors only; the constraints that matter are patterns or custom checks.
  formats: { 'date-time': true, uri: true },
} as const;
