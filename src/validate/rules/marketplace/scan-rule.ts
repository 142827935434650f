// Turns a marketplace scanner (which returns findings for several MK ids at once) into one rule per
// id; each scanner runs once per plugin. Also the packaged file set the scanners look at.
import type { LoadedPlugin } from '../../../plugin/load.js';
import { collectPackageFiles, type PackageFileSet } from '../../../plugin/package-files.js';
import type { Rule, ReportInput } from '../../rule.js';
import type { Severity } from '../../diagnostic.js';
import type { MkFinding } from './finding.js';

type Scan = (plugin: LoadedPlugin) => MkFinding[];

const results = new WeakMap<LoadedPlugin, Map<Scan, MkFinding[]>>();
const packageSets = new WeakMap<LoadedPlugin, PackageFileSet>();

/** What `dify plugin package` would put in the package (the toolkit scans the unpacked package). */
export function packagedFilesOf(plugin: LoadedPlugin): PackageFileSet {
  let set = packageSets.get(plugin);
  if (!set) {
    set = collectPackageFiles(plugin.root);
    packageSets.set(plugin, set);
  }
  return set;
}

function run(plugin: LoadedPlugin, scan: Scan): MkFinding[] {
  let byScan = results.get(plugin);
  if (!byScan) results.set(plugin, (byScan = new Map()));
  let found = byScan.get(scan);
  if (!found) byScan.set(scan, (found = scan(plugin)));
  return found;
}

/** Findings whose line may quote a credential: never shown in a code frame. */
const SECRET_IDS = new Set(['MK9', 'MK15', 'MK16', 'MK17']);

export function toReport(f: MkFinding): ReportInput {
  return {
    file: f.path,
    message: f.message,
    severity: f.severity,
    ...(f.line ? { position: { line: f.line, column: 1 } } : {}),
    ...(SECRET_IDS.has(f.id) ? { hideSource: true } : {}),
    ...(f.group !== undefined ? { group: f.group } : {}),
  };
}

export function scanRule(id: string, severity: Severity, description: string, scan: Scan): Rule {
  return {
    id,
    severity,
    description,
    check(ctx) {
      for (const f of run(ctx.plugin, scan)) if (f.id === id) ctx.report(toReport(f));
    },
  };
}
