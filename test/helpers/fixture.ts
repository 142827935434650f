// A minimal valid model plugin, written to a temp folder, with per-test overrides. Rule tests break
// one thing (override or delete a file) and assert the exact rule id, file and line.
import { mkdirSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const BASE_FILES: Record<string, string> = {
  'manifest.yaml': `version: 0.0.1
type: plugin
author: acme
name: acme
label:
  en_US: Acme
description:
  en_US: Acme models for Dify.
icon: icon.svg
resource:
  memory: 268435456
  permission:
    model:
      enabled: false
      llm: true
plugins:
  models:
    - provider/acme.yaml
meta:
  version: 0.0.1
  arch:
    - amd64
    - arm64
  runner:
    language: python
    version: "3.12"
    entrypoint: main
created_at: 2025-01-01T00:00:00Z
privacy: PRIVACY.md
`,
  'provider/acme.yaml': `provider: acme
label:
  en_US: Acme
description:
  en_US: Acme models.
icon_small:
  en_US: icon.svg
icon_large:
  en_US: icon.svg
background: "#E5E7EB"
help:
  title:
    en_US: Get your API key
  url:
    en_US: https://example.com/keys
supported_model_types:
  - llm
configurate_methods:
  - predefined-model
provider_credential_schema:
  credential_form_schemas:
    - variable: api_key
      label:
        en_US: API Key
      type: secret-input
      required: true
      placeholder:
        en_US: Enter your API key
    - variable: endpoint_url
      label:
        en_US: API endpoint URL
      type: text-input
      required: false
      default: "https://api.example.com/v1"
models:
  llm:
    predefined:
      - "models/llm/*.yaml"
    position: "models/llm/_position.yaml"
extra:
  python:
    provider_source: provider/acme.py
    model_sources:
      - "models/llm/llm.py"
`,
  'provider/acme.py': `from dify_plugin import ModelProvider


class AcmeModelProvider(ModelProvider):
    def validate_provider_credentials(self, credentials: dict) -> None:
        pass
`,
  // The base class reads credentials["mode"], which the provider form does not have (X9).
  'models/llm/llm.py': `from dify_plugin import OAICompatLargeLanguageModel


class AcmeLargeLanguageModel(OAICompatLargeLanguageModel):
    def _invoke(self, model, credentials, *args, **kwargs):
        credentials["mode"] = "chat"
        result = super()._invoke(model, credentials, *args, **kwargs)
        return result

    def validate_credentials(self, model, credentials):
        credentials["mode"] = "chat"
        super().validate_credentials(model, credentials)
`,
  'models/llm/acme-chat.yaml': `model: acme-chat
label:
  en_US: Acme Chat
model_type: llm
features:
  - agent-thought
model_properties:
  mode: chat
  context_size: 8192
parameter_rules:
  - name: temperature
    use_template: temperature
  - name: max_tokens
    use_template: max_tokens
    default: 512
    min: 1
    max: 4096
pricing:
  input: "0.001"
  output: "0.002"
  unit: "0.001"
  currency: USD
`,
  'models/llm/_position.yaml': `- acme-chat
`,
  '_assets/icon.svg': '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"><rect width="16" height="16"/></svg>\n',
  'main.py': `from dify_plugin import Plugin, DifyPluginEnv

plugin = Plugin(DifyPluginEnv(MAX_REQUEST_TIMEOUT=120))

if __name__ == "__main__":
    plugin.run()
`,
  'requirements.txt': 'dify_plugin>=0.9.0,<0.11.0\n',
  'README.md': '# Acme\n',
  'PRIVACY.md': '# Privacy\n',
};

export interface FixtureOptions {
  /** Files to add or replace (path relative to the plugin root → content). */
  files?: Record<string, string | Buffer>;
  /** Files of the base plugin to leave out. */
  remove?: string[];
  /** Parent folder (default: a fresh temp folder). */
  parent?: string;
}

/** Writes the minimal plugin with overrides; returns its root. */
export function makePlugin(options: FixtureOptions = {}): string {
  const parent = options.parent ?? mkdtempSync(join(tmpdir(), 'mp-fixture-'));
  const root = join(parent, 'plugin');
  const files: Record<string, string | Buffer> = { ...BASE_FILES, ...options.files };
  for (const rel of options.remove ?? []) delete files[rel];
  for (const [rel, content] of Object.entries(files)) {
    const abs = join(root, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  mkdirSync(join(root, '_assets'), { recursive: true });
  return root;
}

export function removePlugin(root: string): void {
  rmSync(dirname(root), { recursive: true, force: true });
}
