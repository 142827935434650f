// What Dify's class loader would find in the plugin's Python sources (reference §8.4), computed
// once per plugin and shared by X2, X3 and X7: the provider module's ModelProvider subclasses and
// the model class registered for each model type. Sources are read as text, never executed.
import { getPath, type LoadedPlugin } from '../../../plugin/load.js';
import type { ModelType } from '../../../plugin/model-types.js';
import { PythonProject, type ClassInfo, type ImportProblem, type NamespaceEntry, type PyModule } from '../../python/project.js';
import { derivesFrom, isUncertainClass, modelTypeOf } from '../../python/hierarchy.js';
import { pathRefs, type PathRef } from './refs.js';

export interface ProviderAnalysis {
  ref: PathRef;
  module: PyModule;
  candidates: { entry: NamespaceEntry; info: ClassInfo }[];
  /** The namespace may hold subclasses we cannot see (star imports of unknown modules, unknown bases). */
  uncertain: boolean;
  importProblems: ImportProblem[];
}

export interface Registration {
  type: ModelType;
  entry: NamespaceEntry;
  info: ClassInfo;
  source: PathRef;
}

export interface ModelAnalysis {
  sources: { ref: PathRef; module: PyModule }[];
  /** Every registration in the order the SDK makes them (the last per type wins). */
  registrations: Registration[];
  winners: Map<ModelType, Registration>;
  /** A source is missing/unreadable or a namespace is not fully known: absence is not proof. */
  uncertain: boolean;
  /** Sources whose own namespace is not fully known. */
  uncertainSources: Set<PathRef>;
  importProblems: ImportProblem[];
}

export interface PythonAnalysis {
  project: PythonProject;
  provider?: ProviderAnalysis;
  models: ModelAnalysis;
}

const cache = new WeakMap<LoadedPlugin, PythonAnalysis>();

export function analysePython(plugin: LoadedPlugin): PythonAnalysis {
  const hit = cache.get(plugin);
  if (hit) return hit;
  const project = new PythonProject(plugin.fs, plugin.fs.walk().files);
  const refs = pathRefs(plugin);
  const result: PythonAnalysis = { project, models: { sources: [], registrations: [], winners: new Map(), uncertain: false, uncertainSources: new Set(), importProblems: [] } };

  const providerRef = refs.find((r) => r.kind === 'provider-source');
  if (providerRef && providerRef.resolved.status === 'file') {
    const before = project.problems.length;
    const module = project.moduleOfFile(providerRef.resolved.rel);
    const ns = project.namespace(module);
    const candidates: ProviderAnalysis['candidates'] = [];
    let uncertain = project.isUncertain(module);
    for (const entry of ns) {
      const info = project.classInfo(entry.value);
      if (!info) continue;
      if (info.sdk !== 'ModelProvider' && derivesFrom(info, 'ModelProvider')) candidates.push({ entry, info });
      else if (isUncertainClass(info) && !entry.imported) uncertain = true;
    }
    result.provider = { ref: providerRef, module, candidates, uncertain, importProblems: project.problems.slice(before) };
  }

  const models = result.models;
  // A misshapen model_sources is the schema's finding; without the list, absence proves nothing.
  const sources = getPath(plugin.provider?.data, ['extra', 'python', 'model_sources']);
  if (sources !== undefined && !Array.isArray(sources)) models.uncertain = true;
  const before = project.problems.length;
  for (const ref of refs) {
    if (ref.kind !== 'model-source') continue;
    if (ref.resolved.status !== 'file') {
      models.uncertain = true; // P16/F7 report it
      continue;
    }
    const module = project.moduleOfFile(ref.resolved.rel);
    models.sources.push({ ref, module });
    if (project.isUncertain(module)) {
      models.uncertain = true;
      models.uncertainSources.add(ref);
    }
    for (const entry of project.namespace(module)) {
      const info = project.classInfo(entry.value);
      if (!info) continue;
      const type = modelTypeOf(info);
      if (type) {
        const reg = { type, entry, info, source: ref };
        models.registrations.push(reg);
        models.winners.set(type, reg);
      } else if (isUncertainClass(info) && !entry.imported) {
        models.uncertain = true;
        models.uncertainSources.add(ref);
      }
    }
  }
  models.importProblems = project.problems.slice(before);
  cache.set(plugin, result);
  return result;
}
