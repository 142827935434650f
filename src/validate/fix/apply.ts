// The fixer (ESLint's SourceCodeFixer): applies the `fix` objects rules attached to their
// findings. Per file, fixes are taken in source order and a fix whose edits overlap one already
// taken waits for the next pass (the caller re-validates and asks again, as ESLint does). Files
// are only read and written inside the plugin root.
import { readFileSync, statSync } from 'node:fs';
import { PluginFs } from '../../plugin/plugin-fs.js';
import type { Diagnostic, Fix } from '../diagnostic.js';

export interface FileFix {
  /** Relative to the plugin root. */
  file: string;
  /** Absolute path (checked to be inside the root, not through a link leading out). */
  abs: string;
  before: string;
  after: string;
  /** The file's permission bits, kept by the rewrite. */
  mode: number;
  /** What each applied fix did, in source order. */
  applied: { ruleId: string; description: string; line: number }[];
}

/** The new text of every file the plugin's fixable findings touch. */
export function planFixes(root: string, diagnostics: readonly Diagnostic[]): FileFix[] {
  const byFile = new Map<string, { d: Diagnostic; fix: Fix }[]>();
  for (const d of diagnostics) {
    if (!d.fix) continue;
    const list = byFile.get(d.fix.file) ?? [];
    list.push({ d, fix: d.fix });
    byFile.set(d.fix.file, list);
  }
  if (byFile.size === 0) return [];
  const fs = new PluginFs(root);
  const out: FileFix[] = [];
  for (const [file, fixes] of byFile) {
    const resolved = fs.resolve(file);
    if (resolved.status !== 'file' || !resolved.abs) continue;
    let before: string;
    let mode: number;
    try {
      mode = statSync(resolved.abs).mode & 0o7777;
      before = readFileSync(resolved.abs, 'utf8');
    } catch {
      continue;
    }
    const bom = before.startsWith('\uFEFF');
    const text = bom ? before.slice(1) : before;
    const taken: { start: number; end: number }[] = [];
    const edits: { start: number; end: number; text: string }[] = [];
    const applied: FileFix['applied'] = [];
    let removeBom = false;
    const ordered = fixes.sort((a, b) => firstStart(a.fix) - firstStart(b.fix) || a.d.line - b.d.line);
    for (const { d, fix } of ordered) {
      // A fix made against other text (the file changed since it was read) is not applied.
      if (fix.textLength !== undefined && fix.textLength !== text.length) continue;
      const overlaps = fix.edits.some((e) => taken.some((t) => e.start < t.end && t.start < e.end || (e.start === e.end && e.start === t.start)));
      if (overlaps) continue;
      for (const e of fix.edits) {
        if (e.start < 0 || e.end > text.length || e.start > e.end) continue;
        taken.push({ start: e.start, end: e.end });
        edits.push(e);
      }
      if (fix.removeBom) removeBom = true;
      applied.push({ ruleId: d.ruleId, description: fix.description, line: d.line });
    }
    let after = text;
    for (const e of edits.sort((a, b) => b.start - a.start)) after = after.slice(0, e.start) + e.text + after.slice(e.end);
    if (bom && !removeBom) after = '\uFEFF' + after;
    if (after !== before) out.push({ file, abs: resolved.abs, before, after, mode, applied });
  }
  return out.sort((a, b) => (a.file < b.file ? -1 : 1));
}

function firstStart(fix: Fix): number {
  return fix.edits.length ? Math.min(...fix.edits.map((e) => e.start)) : -1;
}
