// P5 (file half): every icon the manifest and provider name exists in `_assets/` (reference §5.2,
// §8.3). F1: the `_assets/` folder exists; icons in sub-folders are missing in remote debug.
import type { Rule } from '../../rule.js';
import { pathRefs, escapes, suggestFile, missingReason } from './refs.js';

export const iconFiles: Rule = {
  id: 'P5',
  description: 'Icons (manifest icon/icon_dark; provider icon_small/icon_large and _dark variants, every language) are file names that exist in _assets/.',
  severity: 'error',
  check(ctx) {
    const { plugin } = ctx;
    const assets = plugin.fs.walk().files.filter((f) => f.startsWith('_assets/')).map((f) => f.slice('_assets/'.length));
    for (const ref of pathRefs(plugin)) {
      if (ref.kind !== 'icon' || escapes(ref.resolved)) continue;
      const v = ref.written;
      const who = checkedBy(ref.label);
      if (iconFormatIsWrong(v)) continue; // the schema reports the shape (P5 "wrong format")
      if (v.includes('/./')) {
        ctx.report({
          file: ref.file,
          path: ref.path,
          message: `${ref.label} "${v}": the daemon looks icons up by their literal name in _assets/, so "./" segments never match. Write "${ref.resolved.rel.replace(/^_assets\//, '')}".`,
        });
        continue;
      }
      if (!ref.resolved.rel.startsWith('_assets/')) {
        ctx.report({
          file: ref.file,
          path: ref.path,
          message: `${ref.label} "${v}" points outside _assets/ (it resolves to "${ref.resolved.rel}"); Dify only serves icons from _assets/. Move the file into _assets/ and write its name there.`,
        });
        continue;
      }
      if (ref.resolved.status === 'file') continue;
      const what = missingReason(ref.resolved, 'is a folder, not a file');
      ctx.report({
        file: ref.file,
        path: ref.path,
        message: `${ref.label} "${v}": _assets/${v} ${what}; ${who}. Add the icon to _assets/ or fix the name.${suggestFile(v, assets)}`,
      });
    }
  },
};

/** The value shapes the schema's assetFile pattern refuses (absolute, `./`, `..`, `_assets/` prefix, backslashes). */
export function iconFormatIsWrong(v: string): boolean {
  return /^(\/|\.\/|\.\.\/|_assets\/)/.test(v) || /(^|\/)\.\.(\/|$)/.test(v) || v.includes('\\');
}

function checkedBy(label: string): string {
  if (label.startsWith('icon_small_dark') || label.startsWith('icon_large_dark') || label === 'icon_dark') {
    return label === 'icon_dark' ? '`dify plugin package` and install fail' : 'install fails (dark icons are checked at install, not by `dify plugin package`)';
  }
  return '`dify plugin package` and install fail';
}

export const assetsFolder: Rule = {
  id: 'F1',
  description: 'The _assets/ folder exists; icons sit directly in it (remote debug uploads only top-level files).',
  severity: 'error',
  check(ctx) {
    const { plugin } = ctx;
    const st = plugin.fs.resolve('_assets').status;
    if (st === 'missing' || st === 'file') {
      ctx.report({
        file: null,
        message:
          st === 'file'
            ? '_assets is a file, not a folder; the SDK opens it with os.scandir("_assets") at start and crashes, and `dify plugin package` fails. Make _assets/ a folder holding the icons.'
            : 'the _assets/ folder is missing; the SDK crashes at start (os.scandir("_assets")) and `dify plugin package` fails ("failed to get assets"). Create _assets/ and put the icons in it.',
      });
      return;
    }
    for (const ref of pathRefs(plugin)) {
      if (ref.kind !== 'icon' || ref.resolved.status !== 'file') continue;
      const below = ref.resolved.rel.slice('_assets/'.length);
      if (ref.resolved.rel.startsWith('_assets/') && below.includes('/')) {
        ctx.report({
          file: ref.file,
          path: ref.path,
          severity: 'warning',
          message: `${ref.label} "${ref.written}" is in a sub-folder of _assets/; packaged installs find it, but remote debug uploads only the files directly in _assets/, so the icon is missing there. Move it to _assets/${below.split('/').pop()}.`,
        });
      }
    }
  },
};
