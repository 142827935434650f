// Constructs met in model plugins by other authors (README "Plugins by others"), run for real: the
// SDK from the test venv over the stdio protocol, the hermetic proxy and the mock.
// An LLM reranker (kurokobo/dify-plugin-collection openai_llm_reranker): a customizable rerank
// model whose credential check and invocation ask OpenAI's Responses API (a fixed public host) for
// Structured Outputs, and parse the JSON ranking.
import { afterAll, describe, expect, it } from 'vitest';
import { makePlugin, removePlugin } from '../helpers/fixture.js';
import { testPythons } from '../helpers/python.js';
import { runCli } from './run-cli.js';

const roots: string[] = [];
afterAll(() => roots.forEach(removePlugin));

const PROVIDER = `provider: acme
label:
  en_US: Acme
icon_small:
  en_US: icon.svg
background: "#E5E7EB"
supported_model_types:
  - rerank
configurate_methods:
  - customizable-model
model_credential_schema:
  model:
    label:
      en_US: Model name
  credential_form_schemas:
    - variable: api_key
      label:
        en_US: API Key
      type: secret-input
      required: true
    - variable: window_size
      label:
        en_US: Window size
      type: text-input
      required: true
      default: "20"
extra:
  python:
    provider_source: provider/acme.py
    model_sources:
      - models/rerank/rerank.py
`;

const RERANK_PY = `import json

import requests
from dify_plugin import RerankModel
from dify_plugin.entities.model import AIModelEntity, FetchFrom, I18nObject, ModelType
from dify_plugin.entities.model.rerank import RerankDocument, RerankResult
from dify_plugin.errors.model import CredentialsValidateFailedError, InvokeBadRequestError, InvokeError


def rank(credentials, model, query, docs):
    schema = {"type": "object", "properties": {"ranking": {"type": "array", "items": {"type": "integer", "enum": list(range(len(docs)))}}}, "required": ["ranking"]}
    r = requests.post(
        "https://api.openai.com/v1/responses",
        headers={"Authorization": f"Bearer {credentials['api_key']}"},
        json={"model": model, "input": json.dumps({"query": query, "documents": docs}), "text": {"format": {"type": "json_schema", "name": "ranking", "strict": True, "schema": schema}}},
        timeout=30,
    )
    r.raise_for_status()
    text = "".join(p["text"] for item in r.json()["output"] if item["type"] == "message" for p in item["content"])
    order = json.loads(text)["ranking"]
    if sorted(order) != list(range(len(docs))):
        raise ValueError(f"not a ranking: {text}")
    return order


class AcmeRerankModel(RerankModel):
    def _invoke(self, model, credentials, query, docs, score_threshold=None, top_n=None, user=None):
        order = rank(credentials, model, query, docs)
        return RerankResult(model=model, docs=[RerankDocument(index=i, text=docs[i], score=1.0 / (n + 1)) for n, i in enumerate(order)])

    def validate_credentials(self, model, credentials):
        try:
            rank(credentials, model, "capital of Japan?", ["Osaka", "Tokyo"])
        except Exception as e:
            raise CredentialsValidateFailedError(str(e)) from e

    def get_customizable_model_schema(self, model, credentials):
        return AIModelEntity(model=model, label=I18nObject(en_US=model), model_type=ModelType.RERANK, fetch_from=FetchFrom.CUSTOMIZABLE_MODEL, model_properties={})

    @property
    def _invoke_error_mapping(self):
        return {InvokeBadRequestError: [requests.HTTPError, ValueError]}
`;

describe('an LLM reranker on the Responses API with Structured Outputs', () => {
  it('passes its credential check and rerank under --mock, and the report names the rerank model it checked', async () => {
    const root = makePlugin({
      files: {
        'provider/acme.yaml': PROVIDER,
        'models/rerank/rerank.py': RERANK_PY,
        'manifest.yaml': makeManifest(),
      },
      remove: ['models/llm/llm.py', 'models/llm/acme-chat.yaml', 'models/llm/_position.yaml'],
    });
    roots.push(root);
    const { python } = testPythons()[0];
    const r = await runCli(['invoke', '--mock', '--python', python, '--format', 'json', '-m', 'gpt-ranker'], { cwd: root });
    const out = JSON.parse(r.stdout);
    expect(out.ok, r.stdout + r.stderr).toBe(true);
    const check = out.results.find((x: { action: string }) => x.action === 'validate_model_credentials');
    // The check asked /responses, an LLM path, for a rerank model: the report says what was checked.
    expect(check.output).toMatch(/checked with rerank model gpt-ranker: POST api\.openai\.com\/v1\/responses → 200/);
    const rerank = out.results.find((x: { action: string }) => x.action === 'invoke_rerank');
    expect(rerank.ok).toBe(true);
    expect(rerank.requests.map((q: { url: string }) => q.url)).toEqual(['https://api.openai.com/v1/responses']);
  });
});

function makeManifest(): string {
  return `version: 0.0.1
type: plugin
author: acme
name: acme
label:
  en_US: Acme
description:
  en_US: Acme reranker.
icon: icon.svg
resource:
  memory: 268435456
plugins:
  models:
    - provider/acme.yaml
meta:
  version: 0.0.1
  arch:
    - amd64
  runner:
    language: python
    version: "3.12"
    entrypoint: main
created_at: 2025-01-01T00:00:00Z
privacy: PRIVACY.md
`;
}
