// Facts about this package that generated files refer to (schema URLs, the CI command).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../package-root.js';

/** The folder holding the Handlebars templates (shipped in the npm package). */
export const templatesDir = join(PACKAGE_ROOT, 'templates') + '/';

let version: string | undefined;

export function packageVersion(): string {
  version ??= JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')).version as string;
  return version;
}

/**
 * Where editors fetch our JSON Schemas from: the files of this exact package version on the
 * jsDelivr CDN (a stable public URL for every published npm version), so the modeline in a
 * generated YAML file keeps describing the schema the plugin was created against.
 */
export function schemaBaseUrl(): string {
  return `https://cdn.jsdelivr.net/npm/create-model-plugin@${packageVersion()}/schemas`;
}

/** The Python of Dify's plugin runner, written as the official plugins write it (manifest, .python-version). */
export const RUNNER_PYTHON = '3.12';

/** The SDK requirement written to requirements.txt / pyproject.toml. */
// 0.9.0 is the first release line for Dify's Python 3.12 runner that the official plugins pin;
// no upper bound, so a new plugin does not start out pinned to an outdated SDK.
export const SDK_REQUIREMENT = 'dify_plugin>=0.9.0';

/**
 * `meta.minimum_dify_version` of a new plugin (the Marketplace flags its absence, MK25): the
 * version the official plugins on the same SDK floor (dify_plugin>=0.9.0) declare, 1.0.0, the
 * first Dify with plugins. Raise it when the plugin relies on a newer Dify.
 */
export const MINIMUM_DIFY_VERSION = '1.0.0';
