// What `invoke --mock` tells the mock about the plugin: the model names it may call (anything
// else gets the vendor's "model not found"), the TTS voices its model YAMLs list, its provider
// (whose dialect gets direct calls first) and whether its forms hold a key.
import type { LoadedPlugin } from '../../plugin/load.js';
import type { PluginInfo } from '../plugin-info.js';
import type { MockServerOptions } from './server.js';
import { MOCK_MODELS } from './models.js';

/** Credential keys whose value names the upstream model (e.g. endpoint_model_name). */
const MODEL_KEYS = /(^|_)(model|model_name|model_uid|model_id|deployment_name|endpoint_model_name|base_model_name)$/;

export function mockSettings(
  plugin: LoadedPlugin,
  info: PluginInfo,
  chosenModels: string[],
  credentials: Record<string, unknown>[],
): Pick<MockServerOptions, 'models' | 'voices' | 'provider' | 'requireKey'> {
  const models = new Set<string>([...MOCK_MODELS, ...chosenModels, ...info.predefined.map((m) => m.model)]);
  const voices = new Set<string>();
  for (const ref of plugin.modelFiles) {
    const props = (ref.yaml.data as { model_properties?: Record<string, unknown> } | undefined)?.model_properties;
    if (!props || typeof props !== 'object') continue;
    for (const [key, value] of Object.entries(props)) {
      if (key === 'voices' && Array.isArray(value)) {
        for (const v of value) if (v && typeof v === 'object' && typeof (v as { mode?: unknown }).mode === 'string') voices.add((v as { mode: string }).mode);
      } else if (key === 'default_voice' && typeof value === 'string') {
        voices.add(value);
      } else if (typeof value === 'string' && value && !/\s/.test(value)) {
        models.add(value); // an upstream name the YAML maps the model to
      }
    }
  }
  for (const name of credentials.flatMap(modelNamesIn)) models.add(name);
  for (const name of providerCheckModels(plugin)) models.add(name);
  const fields = [...(info.providerForm ?? []), ...(info.modelForm ?? [])];
  // Voices a credential names (the OpenAI-compatible TTS class reads a comma-separated `voices`).
  const voiceValues = [...fields.filter((f) => /voice/.test(f.variable)).map((f) => f.default), ...credentials.flatMap((c) => Object.entries(c).filter(([k]) => /voice/.test(k)).map(([, v]) => v))];
  for (const v of voiceValues) if (typeof v === 'string') for (const name of v.split(',')) if (name.trim()) voices.add(name.trim());
  return {
    models: [...models],
    voices: [...voices],
    provider: info.provider,
    requireKey: fields.some((f) => f.type === 'secret-input'),
  };
}

/** Model names credential values give (endpoint_model_name, model_uid, …). */
export function modelNamesIn(creds: Record<string, unknown>): string[] {
  return Object.entries(creds).flatMap(([key, value]) => (MODEL_KEYS.test(key) && typeof value === 'string' && value ? [value] : []));
}

/**
 * Model names the provider's own credential check passes, e.g. `validate_credentials(model=
 * "gpt-4o-mini", …)` in its provider_source: names the plugin's author knows the vendor serves,
 * though no model YAML lists them.
 */
export function providerCheckModels(plugin: LoadedPlugin): string[] {
  const extra = (plugin.provider?.data as { extra?: { python?: { provider_source?: unknown } } } | undefined)?.extra;
  const source = extra?.python?.provider_source;
  if (typeof source !== 'string' || !source) return [];
  const text = plugin.fs.readText(source, 1024 * 1024);
  if (!text) return [];
  return [...text.matchAll(/\bmodel\s*=\s*(?:"([^"\n]+)"|'([^'\n]+)')/g)].map((m) => m[1] ?? m[2]);
}
