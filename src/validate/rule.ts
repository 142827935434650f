// The rule interface, in the manner of ESLint rules: each rule is a small module with an id, a
// one-line description, a default severity and a check. Rules whose whole check is a JSON Schema
// constraint have no `check`: the schema stage reports under their id.
import type { LoadedPlugin } from '../plugin/load.js';
import type { Position, ValuePath } from '../plugin/position.js';
import type { YamlFile } from '../plugin/yaml-file.js';
import type { Fix, Severity } from './diagnostic.js';

export interface Rule {
  id: string;
  /** Readable kebab-case name; filled in from rules/names.ts by the registry. */
  name?: string;
  /** One line, shown by `model-plugin rules`. */
  description: string;
  severity: Severity;
  check?: (ctx: RuleContext) => void;
}

export interface ReportInput {
  message: string;
  /** The file the problem is in: a loaded YAML file (positions come from it) or a relative path. */
  file: YamlFile | string | null;
  /** Location inside a YAML file. */
  path?: ValuePath;
  /** Point at the key rather than the value (e.g. for an unknown or misspelled key). */
  part?: 'key' | 'value';
  /** Explicit position (e.g. a line of a Python source). */
  position?: Position;
  /** The location may hold a secret: never quote its source. */
  hideSource?: boolean;
  /** Overrides the rule's default severity for this one report; `off` drops it. */
  severity?: Severity | 'off';
  /**
   * Reports of one rule with the same group key are one finding: the first report, with the others
   * as its related locations (e.g. one dropped label language per plugin, not one per label).
   */
  group?: string;
  /** A certain repair (ESLint's `fix`): text edits `validate --fix` applies. */
  fix?: Fix;
}

export interface RuleContext {
  plugin: LoadedPlugin;
  report(input: ReportInput): void;
}
