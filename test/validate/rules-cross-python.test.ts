// The Python-source rules X2, X3, X7 on real-looking plugin sources (patterns from official plugins,
// reference §8.4: aihubmix imports other LLM classes into llm.py; perfxcloud takes its base class from
// another module of the plugin). Sources are only read, never run.
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BASE_FILES } from '../helpers/fixture.js';
import { cleanup, diags, edit, found, lineOf, PROVIDER, tracked } from './rules-cross.helpers.js';

afterAll(cleanup);

const P = BASE_FILES[PROVIDER];
const PROVIDER_PY = 'provider/acme.py';
const LLM_PY = 'models/llm/llm.py';

describe('X2 exactly one ModelProvider subclass in the provider module', () => {
  it('is an error to import OAICompatProvider and subclass it (two subclasses in the namespace)', () => {
    const src = 'from dify_plugin import OAICompatProvider\n\n\nclass AcmeModelProvider(OAICompatProvider):\n    pass\n';
    const root = tracked({ files: { [PROVIDER_PY]: src } });
    expect(found(root, 'X2')).toEqual([`X2 error ${PROVIDER_PY}:1`]);
    expect(diags(root, 'X2')[0].message).toContain(
      'has 2 ModelProvider subclasses in its namespace: OAICompatProvider (imported from dify_plugin at line 1), AcmeModelProvider (defined at line 4)',
    );
    expect(diags(root, 'X2')[0].message).toContain('Multiple subclasses of ModelProvider');
  });

  it('accepts the same base reached through its module', () => {
    const viaModule = 'import dify_plugin\n\n\nclass AcmeModelProvider(dify_plugin.OAICompatProvider):\n    pass\n';
    expect(found(tracked({ files: { [PROVIDER_PY]: viaModule } }), 'X2')).toEqual([]);
    const viaSubmodule = 'from dify_plugin.interfaces.model.openai_compatible import provider as oai\n\n\nclass AcmeModelProvider(oai.OAICompatProvider):\n    pass\n';
    expect(found(tracked({ files: { [PROVIDER_PY]: viaSubmodule } }), 'X2')).toEqual([]);
    expect(found(tracked(), 'X2')).toEqual([]);
  });

  it('counts a star import of dify_plugin, an alias, and a base imported from another plugin module', () => {
    const star = tracked({ files: { [PROVIDER_PY]: 'from dify_plugin import *\n\nclass AcmeModelProvider(ModelProvider):\n    def validate_provider_credentials(self, credentials):\n        pass\n' } });
    expect(found(star, 'X2')).toEqual([`X2 error ${PROVIDER_PY}:1`]);
    const alias = tracked({ files: { [PROVIDER_PY]: BASE_FILES[PROVIDER_PY] + '\n\nProvider = AcmeModelProvider\n' } });
    expect(found(alias, 'X2')).toEqual([`X2 error ${PROVIDER_PY}:9`]);
    const base = tracked({
      files: {
        'provider/base.py': 'from dify_plugin import ModelProvider\n\n\nclass AcmeBase(ModelProvider):\n    def validate_provider_credentials(self, credentials):\n        pass\n',
        [PROVIDER_PY]: 'from provider.base import AcmeBase\n\n\nclass AcmeModelProvider(AcmeBase):\n    pass\n',
      },
    });
    expect(found(base, 'X2')).toEqual([`X2 error ${PROVIDER_PY}:1`]);
    expect(diags(base, 'X2')[0].message).toContain('AcmeBase (imported at line 1), AcmeModelProvider (defined at line 4)');
  });

  it('is an error at provider_source when the module has no subclass; a warning when a star import hides what it has', () => {
    const none = tracked({ files: { [PROVIDER_PY]: 'class AcmeModelProvider:\n    """class Fake(ModelProvider): only in a docstring"""\n' } });
    expect(found(none, 'X2')).toEqual([`X2 error ${PROVIDER}:${lineOf(P, 'provider_source')}`]);
    expect(diags(none, 'X2')[0].message).toContain('Missing subclass of ModelProvider');
    const hidden = tracked({ files: { [PROVIDER_PY]: 'from acme_sdk.providers import *\n' } });
    expect(found(hidden, 'X2')).toEqual([`X2 warning ${PROVIDER}:${lineOf(P, 'provider_source')}`]);
  });

  it('reports a broken relative import in the provider module at its line', () => {
    const root = tracked({ files: { [PROVIDER_PY]: 'from dify_plugin import ModelProvider\nfrom .helpers import sign\n\n\nclass AcmeModelProvider(ModelProvider):\n    def validate_provider_credentials(self, credentials):\n        sign(credentials)\n' } });
    expect(found(root, 'X2')).toEqual([`X2 error ${PROVIDER_PY}:2`]);
    expect(diags(root, 'X2')[0].message).toContain('neither provider/helpers.py nor provider/helpers/__init__.py exists');
  });

  it('never crashes on a binary or garbage provider source', () => {
    const binary = tracked({ files: { [PROVIDER_PY]: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3, 0xff, 0xfe]) } });
    expect(found(binary, 'X2')).toEqual([`X2 warning ${PROVIDER}:${lineOf(P, 'provider_source')}`]);
    expect(diags(binary, 'X2')[0].message).toContain('NUL bytes');
    const garbage = tracked({ files: { [PROVIDER_PY]: 'class (((\n"""unterminated\nclass Acme(ModelProvider:\n' } });
    expect(() => diags(garbage, 'X2')).not.toThrow();
  });
});

describe('X7 each supported model type has a model class', () => {
  const embedSupported = edit(PROVIDER, '  - llm\n', '  - llm\n  - text-embedding\n');

  // A text-embedding model the user can pick: predefined here (customizable-model would do too).
  const embedModel = 'model: acme-embed\nlabel:\n  en_US: Acme Embed\nmodel_type: text-embedding\nmodel_properties:\n  context_size: 8192\n';
  const embedGlob = edit(PROVIDER, '    position: "models/llm/_position.yaml"\n', '    position: "models/llm/_position.yaml"\n  text_embedding:\n    predefined:\n      - "models/text_embedding/*.yaml"\n', embedSupported);

  it('is an error at the supported_model_types entry with no class in model_sources', () => {
    const root = tracked({ files: { [PROVIDER]: embedGlob, 'models/text_embedding/acme-embed.yaml': embedModel } });
    expect(found(root, 'X7')).toEqual([`X7 error ${PROVIDER}:${lineOf(embedSupported, '- text-embedding')}`]);
    expect(diags(root, 'X7')[0].message).toContain('derives from TextEmbeddingModel');
    const withSource = edit(PROVIDER, '      - "models/llm/llm.py"\n', '      - "models/llm/llm.py"\n      - "models/text_embedding/text_embedding.py"\n', embedGlob);
    const fixed = tracked({
      files: {
        [PROVIDER]: withSource,
        'models/text_embedding/acme-embed.yaml': embedModel,
        'models/text_embedding/text_embedding.py': 'from dify_plugin.interfaces.model.openai_compatible.text_embedding import OAICompatEmbeddingModel\n\n\nclass AcmeTextEmbeddingModel(OAICompatEmbeddingModel):\n    pass\n',
      },
    });
    expect(found(fixed, 'X7')).toEqual([]);
  });

  it('is an error for a customizable-model provider, whose users can add a model of the type', () => {
    const customizable = edit(PROVIDER, '  - predefined-model\n', '  - predefined-model\n  - customizable-model\n', embedSupported);
    expect(found(tracked({ files: { [PROVIDER]: customizable } }), 'X7')).toEqual([`X7 error ${PROVIDER}:${lineOf(customizable, '- text-embedding')}`]);
  });

  // A third-party plugin (llmprovider) lists rerank with no class, no rerank YAML and only
  // predefined-model: the SDK starts, and no rerank model can exist to fail.
  it('is only a warning when no model of the type can exist (predefined-model only, no YAML of the type)', () => {
    const root = tracked({ files: { [PROVIDER]: embedSupported } });
    expect(found(root, 'X7')).toEqual([`X7 warning ${PROVIDER}:${lineOf(embedSupported, '- text-embedding')}`]);
    expect(diags(root, 'X7')[0].message).toContain('the plugin has no text-embedding model');
    expect(diags(root, 'X7')[0].message).toContain('Remove "text-embedding" from supported_model_types');
  });

  it('warns about a model class whose type is not supported, and still errors for the missing one', () => {
    const root = tracked({ files: { [LLM_PY]: 'from dify_plugin import OAICompatText2SpeechModel\n\n\nclass AcmeTTS(OAICompatText2SpeechModel):\n    pass\n' } });
    expect(found(root, 'X7')).toEqual([`X7 warning ${LLM_PY}:4`, `X7 error ${PROVIDER}:${lineOf(P, '  - llm')}`]);
    expect(diags(root, 'X7')[0].message).toContain('"tts" is not in supported_model_types');
  });

  it('warns about a model source that registers no model class', () => {
    const provider = edit(PROVIDER, '      - "models/llm/llm.py"\n', '      - "models/llm/llm.py"\n      - "models/llm/utils.py"\n');
    const root = tracked({ files: { [PROVIDER]: provider, 'models/llm/utils.py': 'class Helper:\n    """class Fake(LargeLanguageModel)"""\n' } });
    expect(found(root, 'X7')).toEqual([`X7 warning ${PROVIDER}:${lineOf(provider, 'utils.py')}`]);
    expect(diags(root, 'X7')[0].message).toContain('registers nothing from it');
  });

  it('follows a base class imported from another plugin module (perfxcloud style)', () => {
    const files = {
      'models/llm/common_openai.py':
        'from collections.abc import Mapping\n\nimport openai\nfrom dify_plugin.errors.model import (InvokeAuthorizationError,\n                                      InvokeBadRequestError)\n\n\nclass _CommonOpenAI:\n    def _to_credential_kwargs(self, credentials: Mapping) -> dict:\n        """class X(LargeLanguageModel) is not a class here"""\n        return {}\n\n    @property\n    def _invoke_error_mapping(self):\n        return {InvokeBadRequestError: [openai.BadRequestError]}\n',
      'models/llm/openai_llm.py':
        'from dify_plugin.interfaces.model.large_language_model import LargeLanguageModel\n\nfrom .common_openai import _CommonOpenAI\n\n\nclass OpenAILargeLanguageModel(_CommonOpenAI, LargeLanguageModel):\n    def _invoke(self, model, credentials, prompt_messages, model_parameters, tools=None, stop=None, stream=True, user=None):\n        pass\n\n    def get_num_tokens(self, model, credentials, prompt_messages, tools=None):\n        return 0\n\n    def validate_credentials(self, model, credentials):\n        pass\n',
      [LLM_PY]: 'from .openai_llm import OpenAILargeLanguageModel\n\n\nclass PerfXCloudLargeLanguageModel(OpenAILargeLanguageModel):\n    pass\n',
    };
    const root = tracked({ files });
    expect(found(root, 'X7')).toEqual([]);
    expect(found(root, 'X3')).toEqual([]);
    // Without the mapping in the shared base, the registered subclass is abstract.
    const broken = tracked({ files: { ...files, 'models/llm/common_openai.py': 'class _CommonOpenAI:\n    pass\n' } });
    expect(found(broken, 'X3')).toEqual([`X3 error ${LLM_PY}:4`]);
    expect(diags(broken, 'X3')[0].message).toContain('PerfXCloudLargeLanguageModel does not implement `_invoke_error_mapping`');
  });

  it('accepts aihubmix-style imports of other LLM classes before the class the plugin defines', () => {
    const other = (name: string) => `from dify_plugin import LargeLanguageModel\n\n\nclass ${name}(LargeLanguageModel):\n    pass\n`;
    const llm =
      'import logging\nfrom dify_plugin import OAICompatLargeLanguageModel\nfrom .anthropic import AnthropicLargeLanguageModel\nfrom .google import GoogleLargeLanguageModel\n\nanthropic_llm = AnthropicLargeLanguageModel([])\n\n\nclass AihubmixLargeLanguageModel(OAICompatLargeLanguageModel):\n    pass\n';
    const files = { 'models/llm/anthropic.py': other('AnthropicLargeLanguageModel'), 'models/llm/google.py': other('GoogleLargeLanguageModel'), [LLM_PY]: llm };
    const root = tracked({ files });
    expect(found(root, 'X7')).toEqual([]);
    // The registered class is the plugin's own: the abstract imported ones are never instantiated.
    expect(found(root, 'X3')).toEqual([]);
    // Imported after the plugin's class, an abstract import replaces it.
    const late = llm.replace('from .google import GoogleLargeLanguageModel\n', '') + 'from .google import GoogleLargeLanguageModel\n';
    const lateRoot = tracked({ files: { ...files, [LLM_PY]: late } });
    expect(found(lateRoot, 'X7')).toEqual([`X7 warning ${LLM_PY}:${lineOf(late, 'from .google')}`]);
    expect(diags(lateRoot, 'X7')[0].message).toContain('registers GoogleLargeLanguageModel for llm instead');
    expect(found(lateRoot, 'X3')).toEqual([`X3 error models/llm/google.py:4`]);
  });

  it('reports imports of plugin modules or names that do not exist, at the import line', () => {
    const llm = 'from dify_plugin import OAICompatLargeLanguageModel\nfrom .anthropic import AnthropicLargeLanguageModel\nfrom .common import Nope\n\n\nclass AcmeLLM(OAICompatLargeLanguageModel):\n    pass\n';
    const root = tracked({ files: { [LLM_PY]: llm, 'models/llm/common.py': 'class Helper:\n    pass\n' } });
    expect(found(root, 'X7')).toEqual([`X7 error ${LLM_PY}:2`, `X7 error ${LLM_PY}:3`]);
    expect(diags(root, 'X7').map((d) => d.message)).toEqual([
      expect.stringContaining('neither models/llm/anthropic.py nor models/llm/anthropic/__init__.py exists'),
      expect.stringContaining('models/llm/common.py defines no `Nope`'),
    ]);
  });

  it('downgrades to warnings when a source cannot be scanned (binary, or larger than the cap)', () => {
    const binary = tracked({ files: { [LLM_PY]: Buffer.concat([Buffer.from('class A(LargeLanguageModel):\n'), Buffer.from([0, 0, 0])]) } });
    expect(found(binary, 'X7')).toEqual([`X7 warning ${PROVIDER}:${lineOf(P, '  - llm')}`, `X7 warning ${PROVIDER}:${lineOf(P, '- "models/llm/llm.py"')}`]);
    const huge = tracked();
    writeFileSync(join(huge, LLM_PY), BASE_FILES[LLM_PY] + '#'.repeat(2 * 1024 * 1024 + 10) + '\n');
    expect(diags(huge, 'X7').map((d) => `${d.severity} ${d.message}`)).toEqual([
      expect.stringMatching(/^warning supported_model_types has "llm"/),
      expect.stringMatching(/^warning models\/llm\/llm.py was not scanned for model classes: it is 2.0 MiB/),
    ]);
  });
});

describe('X7 with a misshapen model_sources', () => {
  it('only warns: the schema reports the shape, and the classes cannot be looked for', () => {
    const provider = edit(PROVIDER, 'model_sources:\n      - "models/llm/llm.py"', 'model_sources: "models/llm/llm.py"');
    expect(found(tracked({ files: { [PROVIDER]: provider } }), 'X7')).toEqual([`X7 warning ${PROVIDER}:${lineOf(provider, '  - llm')}`]);
  });
});

describe('X3 abstract methods are implemented', () => {
  it('lists what a direct LargeLanguageModel subclass lacks, at its class line', () => {
    const src = 'from dify_plugin import LargeLanguageModel\n\n\n@some_decorator\nclass AcmeLLM(\n    LargeLanguageModel,\n):\n    def _invoke(self, *args):\n        pass\n';
    const root = tracked({ files: { [LLM_PY]: src } });
    expect(diags(root, 'X3').map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`)).toEqual([
      `${LLM_PY}:5:1 AcmeLLM does not implement \`get_num_tokens\`, \`validate_credentials\`, \`_invoke_error_mapping\`; Dify raises TypeError ("Can't instantiate abstract class") on the first llm request. Implement them, or derive from OAICompatLargeLanguageModel, which implements them.`,
    ]);
  });

  it('is an error for a provider class without validate_provider_credentials', () => {
    const root = tracked({ files: { [PROVIDER_PY]: 'from dify_plugin import ModelProvider\n\n\nclass AcmeModelProvider(ModelProvider):\n    pass\n' } });
    expect(found(root, 'X3')).toEqual([`X3 error ${PROVIDER_PY}:4`]);
    expect(diags(root, 'X3')[0].message).toContain('the SDK instantiates the provider at start');
  });

  it('honours @abstractmethod in a plugin base and class attributes that implement a name', () => {
    const src =
      'from abc import abstractmethod\nfrom dify_plugin import OAICompatLargeLanguageModel\n\n\nclass Base(OAICompatLargeLanguageModel):\n    @abstractmethod\n    def _build(self): ...\n\n\nclass AcmeLLM(Base):\n    pass\n';
    expect(found(tracked({ files: { [LLM_PY]: src } }), 'X3')).toEqual([`X3 error ${LLM_PY}:10`]);
    expect(found(tracked({ files: { [LLM_PY]: src.replace('    pass\n', '    _build = None\n') } }), 'X3')).toEqual([]);
  });

  it('says nothing when a base comes from another package (it may implement the methods)', () => {
    const src = 'from acme_sdk import AcmeMixin\nfrom dify_plugin import LargeLanguageModel\n\n\nclass AcmeLLM(AcmeMixin, LargeLanguageModel):\n    pass\n';
    const root = tracked({ files: { [LLM_PY]: src } });
    expect(found(root, 'X3')).toEqual([]);
    expect(found(root, 'X7')).toEqual([]);
  });

  it('requires the polling hooks when a model declares the polling feature', () => {
    const chat = edit('models/llm/acme-chat.yaml', '  - agent-thought\n', '  - agent-thought\n  - polling\n');
    const root = tracked({ files: { 'models/llm/acme-chat.yaml': chat } });
    expect(found(root, 'X3')).toEqual([`X3 error ${LLM_PY}:4`]);
    expect(diags(root, 'X3')[0].message).toContain('does not implement _start_polling and _check_polling');
    const hooks = BASE_FILES[LLM_PY] + '\n    def _start_polling(self, *a):\n        pass\n\n    def _check_polling(self, *a):\n        pass\n';
    expect(found(tracked({ files: { 'models/llm/acme-chat.yaml': chat, [LLM_PY]: hooks } }), 'X3')).toEqual([]);
  });
});

describe('X8 Python syntax (tree-sitter Python grammar)', () => {
  const ACME = BASE_FILES[PROVIDER_PY];

  it('accepts the base sources', () => {
    expect(found(tracked(), 'X8')).toEqual([]);
  });

  it('an unclosed bracket in the provider source is an error where it opens', () => {
    const src = ACME.replace('    def validate_provider_credentials(self, credentials: dict) -> None:\n        pass\n', '    def validate_provider_credentials(self, credentials: dict) -> None:\n        x = dict(a=1,\n        pass\n');
    const root = tracked({ files: { [PROVIDER_PY]: src } });
    const ds = diags(root, 'X8');
    expect(ds.map((d) => `${d.severity} ${d.file}:${d.line}:${d.column}`)).toEqual([`error ${PROVIDER_PY}:${lineOf(src, 'x = dict(')}:17`]);
    expect(ds[0].message).toContain('"(" is never closed');
    expect(ds[0].message).toContain('crashes with a SyntaxError');
  });

  it('an unclosed string in a model source is an error where the string opens', () => {
    const src = `${BASE_FILES[LLM_PY]}\nNAME = "acme\n`;
    const root = tracked({ files: { [LLM_PY]: src } });
    expect(found(root, 'X8')).toEqual([`X8 error ${LLM_PY}:${lineOf(src, 'NAME = ')}`]);
    expect(diags(root, 'X8')[0].column).toBe(8);
  });

  it('a dedent that matches no block (IndentationError) is an error at that line', () => {
    const src = `${ACME}\n\ndef helper():\n    if True:\n        a = 1\n      b = 2\n`;
    const root = tracked({ files: { [PROVIDER_PY]: src } });
    expect(found(root, 'X8')).toEqual([`X8 error ${PROVIDER_PY}:${lineOf(src, '      b = 2')}`]);
    expect(diags(root, 'X8')[0].message).toContain('IndentationError');
  });

  it('a broken .py file nothing loads (tests/) is a warning; excluded from the package it is silent', () => {
    const root = tracked({ files: { 'tests/test_x.py': 'def test(:\n    pass\n' } });
    expect(found(root, 'X8')).toEqual(['X8 warning tests/test_x.py:1']);
    writeFileSync(join(root, '.difyignore'), 'tests/\n');
    expect(found(root, 'X8')).toEqual([]);
  });

  it('a broken module imported by a model source is an error', () => {
    const llm = `from models.llm.helpers import X\n${BASE_FILES[LLM_PY]}`;
    const root = tracked({ files: { [LLM_PY]: llm, 'models/llm/helpers.py': 'X = [1, 2\n' } });
    expect(found(root, 'X8')).toEqual(['X8 error models/llm/helpers.py:1']);
  });
});

describe('X9 credentials the sources read are declared by a form', () => {
  it('credentials["x"] of an undeclared key is a warning at that line (KeyError for every user)', () => {
    const src = BASE_FILES[PROVIDER_PY].replace('        pass\n', '        key = credentials["acme_key"]\n');
    const root = tracked({ files: { [PROVIDER_PY]: src } });
    expect(found(root, 'X9')).toEqual([`X9 warning ${PROVIDER_PY}:${lineOf(src, 'acme_key')}`]);
    expect(diags(root, 'X9')[0].message).toContain('KeyError for every user');
  });

  it('is silent for declared keys, keys the code assigns or checks with `in` first, and .get with a default', () => {
    const body = [
      '        a = credentials["api_key"]',
      '        credentials["mode"] = "chat"',
      '        b = credentials["mode"]',
      '        if "region" in credentials:',
      '            c = credentials["region"]',
      '        d = credentials.get("timeout", 30)',
      '        e = credentials.get("proxy") or None',
      '        f = credentials["x"] if "y" in credentials else None',
    ].join('\n');
    const src = BASE_FILES[PROVIDER_PY].replace('        pass\n', `${body}\n`);
    expect(found(tracked({ files: { [PROVIDER_PY]: src } }), 'X9')).toEqual([]);
  });

  // apimaster (third-party) sets only endpoint_url before calling the OpenAI-compatible base; chuizi
  // (official) sets both in a _update_credential method that nothing calls.
  it('warns at the class when the OpenAI-compatible base reads a key no form declares and no code sets', () => {
    const bare = 'from dify_plugin import OAICompatLargeLanguageModel\n\n\nclass AcmeLargeLanguageModel(OAICompatLargeLanguageModel):\n    pass\n';
    const root = tracked({ files: { [LLM_PY]: bare } });
    expect(found(root, 'X9')).toEqual([`X9 warning ${LLM_PY}:4`]);
    expect(diags(root, 'X9')[0].message).toContain('derives from OAICompatLargeLanguageModel, which reads credentials["mode"]; for predefined models (provider_credential_schema) no form field declares it');
    const uncalled = bare.replace('    pass\n', '    def _update_credential(self, model, credentials):\n        credentials["mode"] = "chat"\n');
    expect(found(tracked({ files: { [LLM_PY]: uncalled } }), 'X9')).toEqual([`X9 warning ${LLM_PY}:4`]);
    const called = uncalled + '\n    def validate_credentials(self, model, credentials):\n        self._update_credential(model, credentials)\n        super().validate_credentials(model, credentials)\n';
    expect(found(tracked({ files: { [LLM_PY]: called } }), 'X9')).toEqual([]);
    const inDict = bare.replace('    pass\n', '    def validate_credentials(self, model, credentials):\n        super().validate_credentials(model, {**credentials, "mode": "chat"})\n');
    expect(found(tracked({ files: { [LLM_PY]: inDict } }), 'X9')).toEqual([]);
    const modeInForm = edit(PROVIDER, '    - variable: endpoint_url\n', '    - variable: mode\n      label:\n        en_US: Mode\n      type: text-input\n      required: false\n    - variable: endpoint_url\n');
    expect(found(tracked({ files: { [LLM_PY]: bare, [PROVIDER]: modeInForm } }), 'X9')).toEqual([]);
  });

  it('credentials.get("x") without a default is info; repeats are one finding', () => {
    const src = BASE_FILES[LLM_PY] + '\n\ndef f(credentials):\n    return credentials.get("org"), credentials.get("org")\n';
    const root = tracked({ files: { [LLM_PY]: src } });
    const ds = diags(root, 'X9');
    expect(ds.map((d) => `${d.severity} ${d.file}:${d.line} ${1 + (d.related?.length ?? 0)}`)).toEqual([`info ${LLM_PY}:${lineOf(src, 'credentials.get("org")')} 2`]);
  });
});
