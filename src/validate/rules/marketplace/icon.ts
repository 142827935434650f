// §2.G Plugin icon (dify-plugins pre-check workflow, "Check Plugin Icon"): the icon must not be a
// template. The workflow inspects only manifest `icon`; Dify's templates also ship `icon_dark` and
// provider icons with the marker (§5 D6), so we check every icon the plugin names (stricter side).
// MK33 (the icon file exists in _assets/) is the core rule P5/M6, and F6 when .difyignore drops it.
import { readFileSync } from 'node:fs';
import type { Rule } from '../../rule.js';
import type { ValuePath } from '../../../plugin/position.js';
import type { YamlFile } from '../../../plugin/yaml-file.js';
import type { LoadedPlugin } from '../../../plugin/load.js';
import { getPath, isRecord } from '../../../plugin/values.js';

const DIFY_MARKER = 'DIFY_MARKETPLACE_TEMPLATE_ICON_DO_NOT_USE';
/** create-model-plugin's placeholder icons carry this comment. */
const SCAFFOLD_MARKER = 'Placeholder icon';
const LEGACY = '<svgwidth="100"height="100"xmlns="http://www.w3.org/2000/svg"><pathd="M2020V80M2020H60Q80208040T6060H20"fill="none"stroke="black"stroke-width="5"/></svg>';

interface IconRef {
  file: YamlFile;
  path: ValuePath;
  name: string;
  /** manifest `icon`: the one the workflow checks. */
  primary: boolean;
}

function iconRefs(plugin: LoadedPlugin): IconRef[] {
  const refs: IconRef[] = [];
  const m = plugin.manifest;
  if (m) {
    for (const key of ['icon', 'icon_dark']) {
      const v = getPath(m.data, [key]);
      if (typeof v === 'string' && v) refs.push({ file: m, path: [key], name: v, primary: key === 'icon' });
    }
  }
  const p = plugin.provider;
  if (p) {
    for (const key of ['icon_small', 'icon_large', 'icon_small_dark', 'icon_large_dark']) {
      const v = getPath(p.data, [key]);
      if (!isRecord(v)) continue;
      for (const [lang, name] of Object.entries(v)) if (typeof name === 'string' && name) refs.push({ file: p, path: [key, lang], name, primary: false });
    }
  }
  return refs;
}

function iconBytes(plugin: LoadedPlugin, name: string): Buffer | undefined {
  const r = plugin.fs.resolve(`_assets/${name}`);
  if (r.status !== 'file' || !r.abs) return undefined;
  try {
    return readFileSync(r.abs);
  } catch {
    return undefined;
  }
}

function checkIcons(id: 'MK34' | 'MK35', plugin: LoadedPlugin, report: (ref: IconRef, message: string) => void): void {
  const seen = new Set<string>();
  for (const ref of iconRefs(plugin)) {
    // One finding per icon file, at its first reference (the manifest's, when it has one).
    if (seen.has(ref.name)) continue;
    seen.add(ref.name);
    const bytes = iconBytes(plugin, ref.name);
    if (!bytes) continue;
    const where = ref.primary ? '' : ' (the Marketplace workflow only inspects manifest icon; Dify\'s templates mark their other icons too, so we check every icon: stricter side)';
    if (id === 'MK34') {
      if (bytes.includes(DIFY_MARKER)) {
        report(ref, `_assets/${ref.name} is Dify's template icon (it carries the ${DIFY_MARKER} marker); the Marketplace refuses it${where}. Replace it with your provider's logo.`);
      } else if (bytes.includes(SCAFFOLD_MARKER)) {
        report(ref, `_assets/${ref.name} is create-model-plugin's placeholder icon; the Marketplace refuses template icons${where}. Replace it with your provider's logo (same file name, SVG or PNG).`);
      }
    } else if (bytes.toString('latin1').replace(/[\n\r\t ]/g, '') === LEGACY) {
      report(ref, `_assets/${ref.name} is the old \`dify plugin init\` default icon; the Marketplace refuses it${where}. Replace it with your provider's logo.`);
    }
  }
}

export const templateIcon: Rule = {
  id: 'MK34',
  severity: 'error',
  description: 'Marketplace: no icon is a template (Dify\'s marked template icons, create-model-plugin\'s placeholder).',
  check(ctx) {
    checkIcons('MK34', ctx.plugin, (ref, message) => ctx.report({ file: ref.file, path: ref.path, message }));
  },
};

export const legacyIcon: Rule = {
  id: 'MK35',
  severity: 'error',
  description: 'Marketplace: no icon is the pre-July-2025 `dify plugin init` default SVG.',
  check(ctx) {
    checkIcons('MK35', ctx.plugin, (ref, message) => ctx.report({ file: ref.file, path: ref.path, message }));
  },
};
