// Materialises the official-plugin corpus (../shared/corpus/dify-official-models) into a folder:
// the YAML files as they are, plus every other file FILES.txt lists (empty .py files, a tiny valid
// icon), so that existence checks see complete plugins. Shared by the tests and the benchmarks.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CORPUS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/corpus/dify-official-models');

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"><rect width="16" height="16"/></svg>\n';
// 1x1 transparent PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

export function corpusPluginNames() {
  return readdirSync(CORPUS_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** Copies the named corpus plugins (default: all) into a fresh temp folder; returns that folder. */
export function materializeCorpus(names = corpusPluginNames(), into) {
  const dest = into ?? mkdtempSync(join(tmpdir(), 'mp-corpus-'));
  for (const name of names) materializePlugin(name, join(dest, name));
  return dest;
}

export function materializePlugin(name, dest) {
  const src = join(CORPUS_DIR, name);
  cpSync(src, dest, { recursive: true });
  const listed = readFileSync(join(src, 'FILES.txt'), 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
  for (const rel of listed) {
    const target = join(dest, rel);
    if (existsSync(target)) continue;
    mkdirSync(dirname(target), { recursive: true });
    if (/\.png$/i.test(rel)) writeFileSync(target, PNG);
    else if (/\.svg$/i.test(rel)) writeFileSync(target, SVG);
    else writeFileSync(target, '');
  }
  // FILES.txt itself is not part of a plugin.
  rmSync(join(dest, 'FILES.txt'), { force: true });
  return dest;
}
