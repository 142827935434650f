// Manifest rules (M1-M17, reference §3) and the I18nObject rules (I1-I3, §4). Most are JSON Schema
// constraints in schemas/manifest.schema.json (the schema stage reports under these ids); `check`
// adds what a schema cannot express.
import type { Rule } from '../../rule.js';
import { schemaRule } from '../../schema/schema-rule.js';
import { checkCreatedAt } from './created-at.js';
import { reportOutOfScope } from './scope.js';
import { checkMinimumDifyVersion, checkVersionIsPep440 } from './versions.js';

export const manifestRules: Rule[] = [
  schemaRule('M1', 'error', 'manifest `version` matches the daemon format X.Y.Z[-suffix] and is a PEP 440 version (quoted).', checkVersionIsPep440),
  schemaRule('M2', 'error', 'manifest `type` is `plugin`.'),
  schemaRule('M3', 'error', 'manifest `author` is 1-64 lowercase letters, digits, `_`, `-`, and not a UUID.'),
  schemaRule('M4', 'error', 'manifest `name` is 1-128 lowercase letters, digits, `_`, `-`.'),
  schemaRule('M5', 'error', 'manifest `label` and `description` are present (as I18nObjects).'),
  schemaRule('M6', 'error', 'manifest `icon` (and `icon_dark`) is a non-empty file name relative to _assets/, at most 128 characters.'),
  schemaRule('M7', 'error', 'manifest `resource.memory` is an integer other than 0 (positive recommended).'),
  schemaRule('M8', 'error', 'manifest `resource.permission` flags are booleans; `storage.size` is 1024..1073741824 whenever a storage block exists.'),
  schemaRule('M9', 'error', 'manifest `plugins.models` lists exactly one provider file and no other plugin kind is declared (a non-model plugin gets one info line).', reportOutOfScope),
  schemaRule('M10', 'error', 'manifest `meta.version` matches the daemon format X.Y.Z[-suffix].'),
  schemaRule('M11', 'error', 'manifest `meta.arch` is present and lists only amd64/arm64.'),
  schemaRule('M12', 'error', 'manifest `meta.runner`: language python, version a quoted string, entrypoint a module name (not main.py).'),
  schemaRule('M13', 'error', 'manifest `meta.minimum_dify_version` is null or a PEP 440 version string.', checkMinimumDifyVersion),
  schemaRule('M14', 'error', 'manifest `created_at` is an RFC 3339 timestamp with T and a zone.', checkCreatedAt),
  schemaRule('M15', 'error', 'manifest `tags` are marketplace categories from the daemon\'s list.'),
  schemaRule('M16', 'error', 'manifest `repo` is an absolute URL with a scheme.'),
  schemaRule('M17', 'warning', 'manifest keys that Dify ignores: `verified`, an inline `model`, unknown or misspelled keys.'),
  schemaRule('I1', 'error', 'I18nObjects (labels, descriptions, help, icons) are mappings of text with a non-empty en_US.'),
  schemaRule('I2', 'error', 'I18nObject texts are shorter than 1024 characters.'),
  schemaRule('I3', 'warning', 'I18nObject keys other than en_US, zh_Hans, ja_JP, pt_BR are dropped by Dify.'),
];
