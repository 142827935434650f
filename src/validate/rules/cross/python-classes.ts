// X2: the provider module has exactly one ModelProvider subclass in its namespace. X7: each type in
// supported_model_types has a model class in model_sources. X3: the classes Dify instantiates
// implement the SDK's abstract methods. All from the Python sources read as text (reference §8.4).
import type { Rule, RuleContext } from '../../rule.js';
import { getPath } from '../../../plugin/load.js';
import { isModelType, typeToKey, SDK_BASE_CLASS, type ModelType } from '../../../plugin/model-types.js';
import type { ClassInfo, ImportProblem, NamespaceEntry } from '../../python/project.js';
import { hasExternalBase, isUncertainClass, missingAbstract, pluginDefines } from '../../python/hierarchy.js';
import { analysePython } from './python-analysis.js';

/** The SDK's ready-made OpenAI-compatible implementations (there is none for moderation). */
const OAI_BASE: Partial<Record<ModelType, string>> = {
  llm: 'OAICompatLargeLanguageModel',
  'text-embedding': 'OAICompatEmbeddingModel',
  rerank: 'OAICompatRerankModel',
  speech2text: 'OAICompatSpeech2TextModel',
  tts: 'OAICompatText2SpeechModel',
};

function reportImportProblems(ctx: RuleContext, problems: ImportProblem[]): void {
  for (const p of problems) ctx.report({ file: p.file, position: p.position, message: p.message });
}

/** Where a namespace entry is: its class statement when defined here, else the import line. */
function describe(entry: NamespaceEntry, info: ClassInfo): string {
  if (info.sdk) return `${info.name} (imported from dify_plugin at line ${entry.position.line})`;
  if (entry.imported) return `${info.name} (imported at line ${entry.position.line})`;
  return `${info.name} (defined at line ${entry.position.line})`;
}

export const providerClass: Rule = {
  id: 'X2',
  description: 'The provider_source module has exactly one ModelProvider subclass in its namespace (imported names count).',
  severity: 'error',
  check(ctx) {
    const analysis = analysePython(ctx.plugin).provider;
    if (!analysis) return;
    const { ref, module, candidates } = analysis;
    reportImportProblems(ctx, analysis.importProblems);
    if (module.unreadable) {
      ctx.report({ file: ref.file, path: ref.path, severity: 'warning', message: `${ref.written} was not scanned for its ModelProvider subclass: ${module.unreadable}.` });
      return;
    }
    if (candidates.length === 0) {
      const message = `${ref.written} has no subclass of ModelProvider; the SDK stops at start with "Missing subclass of ModelProvider". Define one, e.g. \`class AcmeModelProvider(ModelProvider):\` with a validate_provider_credentials method (import it with \`from dify_plugin import ModelProvider\`).`;
      if (analysis.uncertain) {
        ctx.report({ file: ref.file, path: ref.path, severity: 'warning', message: `${message} (It may come from a star import or a base class the validator cannot follow; check it.)` });
      } else {
        ctx.report({ file: ref.file, path: ref.path, message });
      }
      return;
    }
    if (candidates.length > 1) {
      // Point at the first imported one (the usual cause), else at the second definition.
      const culprit = candidates.find((c) => c.entry.imported) ?? candidates[1];
      const all = candidates.map((c) => describe(c.entry, c.info)).join(', ');
      ctx.report({
        file: culprit.entry.file,
        position: culprit.entry.position,
        message: `${module.file} has ${candidates.length} ModelProvider subclasses in its namespace: ${all}. The SDK counts imported classes too and stops at start with "Multiple subclasses of ModelProvider". Keep one: subclass ModelProvider directly, or reach the base through its module (\`import dify_plugin\` … \`class AcmeModelProvider(dify_plugin.OAICompatProvider)\`) so that it is not a name in the module.`,
      });
    }
  },
};

export const modelClasses: Rule = {
  id: 'X7',
  description: 'Each type in supported_model_types has a model class in extra.python.model_sources (and every model class type is supported).',
  severity: 'error',
  check(ctx) {
    const { plugin } = ctx;
    const provider = plugin.provider;
    if (!provider) return;
    const analysis = analysePython(plugin).models;
    reportImportProblems(ctx, analysis.importProblems);
    for (const { ref, module } of analysis.sources) {
      if (module.unreadable) {
        ctx.report({ file: ref.file, path: ref.path, severity: 'warning', message: `${ref.written} was not scanned for model classes: ${module.unreadable}.` });
      } else if (!analysis.registrations.some((r) => r.source === ref) && !analysis.uncertainSources.has(ref)) {
        ctx.report({
          file: ref.file,
          path: ref.path,
          severity: 'warning',
          message: `${ref.written} is in model_sources but no class in it derives from a model base (${Object.values(SDK_BASE_CLASS).join(', ')} or an OAICompat* class), so the SDK registers nothing from it. Derive the model class from the base for its type, or remove the entry.`,
        });
      }
    }

    const supported = getPath(provider.data, ['supported_model_types']);
    const sourcesList = analysis.sources.map((s) => s.ref.written).join(', ') || 'none';
    if (Array.isArray(supported)) {
      supported.forEach((t, i) => {
        if (!isModelType(t) || analysis.winners.has(t)) return;
        if (!mayHaveModels(plugin, t)) {
          // No model of the type can exist, so nothing fails: the SDK starts without the class (it
          // maps only the classes it finds) and Dify lists the type empty. Odd, not broken.
          ctx.report({
            file: provider,
            path: ['supported_model_types', i],
            severity: 'warning',
            message: `supported_model_types has "${t}", but the plugin has no ${t} model (no predefined YAML with model_type: ${t}, and configurate_methods has no customizable-model) and no class deriving from ${SDK_BASE_CLASS[t]} in model_sources, so Dify shows the type with nothing in it. Remove "${t}" from supported_model_types, or add its models and a class.`,
          });
          return;
        }
        const message = `supported_model_types has "${t}" but no class in extra.python.model_sources (${sourcesList}) derives from ${SDK_BASE_CLASS[t]}; invoking a ${t} model (and validating credentials for it) fails with KeyError. Add a class deriving from ${SDK_BASE_CLASS[t]}${OAI_BASE[t] ? ` or ${OAI_BASE[t]}` : ''} in a source listed in model_sources, e.g. models/${typeToKey(t)}/${typeToKey(t)}.py.`;
        if (analysis.uncertain) {
          ctx.report({ file: provider, path: ['supported_model_types', i], severity: 'warning', message: `${message} (Some sources could not be read or followed completely; check it.)` });
        } else {
          ctx.report({ file: provider, path: ['supported_model_types', i], message });
        }
      });
      for (const [type, reg] of analysis.winners) {
        if (supported.includes(type)) continue;
        ctx.report({
          file: reg.entry.file,
          position: reg.entry.position,
          severity: 'warning',
          message: `${describe(reg.entry, reg.info)} is a ${type} model class, but "${type}" is not in supported_model_types, so ModelProvider.models("${type}") returns nothing and the class is never used. Add "${type}" to supported_model_types or remove the class from model_sources.`,
        });
      }
    }

    // An imported class registered after a class written for this plugin silently replaces it (§10.3 #15).
    for (const [type, winner] of analysis.winners) {
      if (!winner.entry.imported) continue;
      const own = analysis.registrations.find((r) => r.type === type && !r.entry.imported && r !== winner);
      if (!own) continue;
      ctx.report({
        file: winner.entry.file,
        position: winner.entry.position,
        severity: 'warning',
        message: `${describe(winner.entry, winner.info)} is a ${type} class that comes after ${own.info.name} (${own.entry.file}:${own.entry.position.line}) in the SDK's scan, so the SDK registers ${winner.info.name} for ${type} instead. Import the module rather than the class, or import it before defining ${own.info.name}.`,
      });
    }
  },
};

/** Whether a model of the type can exist: a predefined YAML of it, or a method that lets users add models. */
function mayHaveModels(plugin: RuleContext['plugin'], type: ModelType): boolean {
  const methods = plugin.provider ? getPath(plugin.provider.data, ['configurate_methods']) : undefined;
  if (!Array.isArray(methods) || methods.some((m) => m !== 'predefined-model')) return true; // customizable (or unknown): users add models
  return plugin.modelFiles.some((m) => getPath(m.yaml.data, ['model_type']) === type);
}

export const abstractMethods: Rule = {
  id: 'X3',
  description: 'The provider class and the registered model classes implement the SDK abstract methods (and polling models their polling hooks).',
  severity: 'error',
  check(ctx) {
    const { plugin } = ctx;
    const analysis = analysePython(plugin);
    const provider = analysis.provider;
    if (provider && provider.candidates.length === 1) {
      const { info } = provider.candidates[0];
      reportMissing(ctx, info, 'the SDK instantiates the provider at start and fails with TypeError ("Can\'t instantiate abstract class")', 'ModelProvider');
    }
    for (const [type, reg] of analysis.models.winners) {
      reportMissing(ctx, reg.info, `Dify raises TypeError ("Can't instantiate abstract class") on the first ${type} request`, OAI_BASE[type]);
    }

    // `features: [polling]` needs _start_polling and _check_polling (reference §6.3).
    const llm = analysis.models.winners.get('llm');
    if (!llm?.info.local || isUncertainClass(llm.info) || hasExternalBase(llm.info)) return;
    const polling = plugin.modelFiles.find((m) => {
      const f = getPath(m.yaml.data, ['features']);
      return getPath(m.yaml.data, ['model_type']) === 'llm' && Array.isArray(f) && f.includes('polling');
    });
    if (!polling) return;
    const lacking = ['_start_polling', '_check_polling'].filter((n) => !pluginDefines(llm.info, n));
    if (lacking.length === 0) return;
    ctx.report({
      file: llm.info.local.module.file ?? null,
      position: llm.info.local.cls.position,
      message: `${llm.info.name} does not implement ${lacking.join(' and ')}, but ${polling.yaml.path} declares the polling feature; the SDK refuses polling invocations for it. Implement both methods or remove "polling" from features.`,
    });
  },
};

function reportMissing(ctx: RuleContext, info: ClassInfo, consequence: string, suggestedBase: string | undefined): void {
  if (!info.local || isUncertainClass(info) || hasExternalBase(info)) return; // SDK classes are complete; unknown bases may implement anything
  const missing = missingAbstract(info);
  if (missing.length === 0) return;
  const them = missing.length > 1 ? 'them' : 'it';
  const hint = !suggestedBase || suggestedBase === 'ModelProvider' ? `Implement ${them}` : `Implement ${missing.length > 1 ? 'them' : 'it'}, or derive from ${suggestedBase}, which implements ${missing.length > 1 ? 'them' : 'it'}`;
  ctx.report({
    file: info.local.module.file ?? null,
    position: info.local.cls.position,
    message: `${info.name} does not implement ${missing.map((m) => `\`${m}\``).join(', ')}; ${consequence}. ${hint}.`,
  });
}
