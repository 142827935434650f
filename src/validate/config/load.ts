// The author's validator configuration, as ESLint's and Ruff's: `.model-plugin.yaml` (or `.yml`)
// in the plugin root, else a `model-plugin` key in the root's package.json. When the user passed a
// folder above the plugin (a monorepo), the same files in the folders from the plugin root up to
// that folder count too; the nearest wins, and configurations are not merged. Nothing else outside
// the plugin root is read. Schema: schemas/model-plugin-config.schema.json.
import { lstatSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { PluginFs } from '../../plugin/plugin-fs.js';
import { parseYamlText, type YamlFile } from '../../plugin/yaml-file.js';
import { FILE_START, type Position } from '../../plugin/position.js';
import type { Severity } from '../diagnostic.js';
import { findRule } from '../rules/index.js';

export const CONFIG_FILES = ['.model-plugin.yaml', '.model-plugin.yml'] as const;
export const PACKAGE_KEY = 'model-plugin';

export type RuleSetting = Severity | 'off';

export interface ConfigProblem {
  /** Relative to the plugin root (may start with ../ for a configuration above it). */
  file: string;
  position: Position;
  message: string;
}

export interface ValidatorConfig {
  /** The file the configuration came from, relative to the plugin root; null when there is none. */
  file: string | null;
  /** Rule id → setting. */
  rules: Map<string, RuleSetting>;
  problems: ConfigProblem[];
}

const SETTINGS: Record<string, RuleSetting> = { off: 'off', info: 'info', warn: 'warning', warning: 'warning', error: 'error' };
const NUMERIC: Record<number, RuleSetting> = { 0: 'off', 1: 'warning', 2: 'error' };

/**
 * The configuration that applies to the plugin at `root` (absolute). `passed` are the absolute
 * paths the user gave on the command line: folders above the root up to one of them may hold it.
 */
export function loadConfig(root: string, fs: PluginFs, passed: readonly string[] = []): ValidatorConfig {
  for (const dir of searchDirs(root, passed)) {
    const inRoot = dir === root;
    for (const name of CONFIG_FILES) {
      const text = inRoot ? readInRoot(fs, name) : readAbove(join(dir, name));
      if (text !== undefined) return fromYaml(relPath(root, join(dir, name)), text);
    }
    const pkg = inRoot ? readInRoot(fs, 'package.json') : readAbove(join(dir, 'package.json'));
    if (pkg !== undefined) {
      const config = fromPackageJson(relPath(root, join(dir, 'package.json')), pkg);
      if (config) return config;
    }
  }
  return { file: null, rules: new Map(), problems: [] };
}

/** The root, then each folder above it up to the farthest passed path that contains it. */
function searchDirs(root: string, passed: readonly string[]): string[] {
  const dirs = [root];
  const top = passed
    .map((p) => resolve(p))
    .filter((p) => root.startsWith(p + sep))
    .sort((a, b) => a.length - b.length)[0];
  if (top) for (let d = dirname(root); d.length >= top.length && d !== dirs[dirs.length - 1]; d = dirname(d)) dirs.push(d);
  return dirs;
}

function readInRoot(fs: PluginFs, rel: string): string | undefined {
  try {
    return fs.readText(rel, 1024 * 1024);
  } catch {
    return undefined;
  }
}

/** A file in a folder the user passed (above the plugin root): a regular file only, not a link. */
function readAbove(path: string): string | undefined {
  try {
    const st = lstatSync(path);
    if (!st.isFile() || st.size > 1024 * 1024) return undefined;
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function relPath(root: string, path: string): string {
  return relative(root, path).split(sep).join('/');
}

function fromYaml(file: string, text: string): ValidatorConfig {
  const config: ValidatorConfig = { file, rules: new Map(), problems: [] };
  const yaml = parseYamlText(file, text.replace(/^\uFEFF/, ''));
  const problem = (position: Position, message: string) => config.problems.push({ file, position, message });
  // Every YAML problem is the author's to see; a file that does not parse is not applied at all.
  for (const p of yaml.problems) problem(p.position, yaml.ok ? p.message : `${p.message} The configuration was not applied.`);
  if (!yaml.ok) {
    if (yaml.problems.length === 0) problem(FILE_START, 'the configuration cannot be read; it was not applied.');
    return config;
  }
  readConfigValue(yaml.data, config, {
    at: (path, part) => yaml.locate(path, part),
    problem,
  });
  return config;
}

function fromPackageJson(file: string, text: string): ValidatorConfig | undefined {
  let pkg: unknown;
  try {
    pkg = JSON.parse(text);
  } catch {
    return undefined; // Not ours to judge: npm reports a broken package.json.
  }
  if (!isObject(pkg) || !(PACKAGE_KEY in pkg)) return undefined;
  const config: ValidatorConfig = { file, rules: new Map(), problems: [] };
  readConfigValue(pkg[PACKAGE_KEY], config, {
    // JSON has no node positions here: point at the line where the key is written.
    at: (path) => jsonKeyPosition(text, path[path.length - 1] ?? PACKAGE_KEY),
    problem: (position, message) => config.problems.push({ file, position, message }),
  });
  return config;
}

interface Locator {
  at(path: (string | number)[], part?: 'key' | 'value'): Position;
  problem(position: Position, message: string): void;
}

function readConfigValue(value: unknown, config: ValidatorConfig, loc: Locator): void {
  if (value === null || value === undefined) return;
  if (!isObject(value)) {
    loc.problem(loc.at([]), 'the configuration must be a mapping such as `rules: {P10: off}`; it was not applied.');
    return;
  }
  for (const key of Object.keys(value)) {
    if (key !== 'rules' && key !== '$schema') {
      loc.problem(loc.at([key], 'key'), `"${key}" is not a configuration key; the only one is \`rules\` (rule id or name → off, info, warning or error).`);
    }
  }
  const rules = value.rules;
  if (rules === undefined || rules === null) return;
  if (!isObject(rules)) {
    loc.problem(loc.at(['rules']), '`rules` must be a mapping from rule id or name to off, info, warning or error, e.g. `rules: {P10: off, Y7: error}`.');
    return;
  }
  for (const [key, raw] of Object.entries(rules)) {
    const rule = findRule(key);
    if (!rule) {
      loc.problem(loc.at(['rules', key], 'key'), `"${key}" is not a rule id or name; \`model-plugin rules\` lists them. The setting was ignored.`);
      continue;
    }
    const setting = typeof raw === 'string' ? SETTINGS[raw.toLowerCase()] : typeof raw === 'number' ? NUMERIC[raw] : raw === false ? 'off' : undefined;
    if (!setting) {
      loc.problem(loc.at(['rules', key]), `${key}: "${String(raw)}" is not a setting; use off, info, warning or error. The setting was ignored.`);
      continue;
    }
    config.rules.set(rule.id, setting);
  }
}

function jsonKeyPosition(text: string, key: string | number): Position {
  const at = text.indexOf(JSON.stringify(String(key)), Math.max(0, text.indexOf(JSON.stringify(PACKAGE_KEY))));
  if (at < 0) return FILE_START;
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  return { line, column: at - before.lastIndexOf('\n') };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
