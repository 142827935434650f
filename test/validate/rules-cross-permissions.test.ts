// X10 (issue 11 §4): a permission the manifest requests that the code never uses is named, as info,
// at the `enabled` flag; one the code uses through the request's session is not.
import { afterAll, describe, expect, it } from 'vitest';
import { cleanup, edit, found, lineOf, MANIFEST, tracked, diags } from './rules-cross.helpers.js';

afterAll(cleanup);

const LLM = 'models/llm/llm.py';
const withModel = edit(MANIFEST, 'enabled: false', 'enabled: true');
const withTool = edit(MANIFEST, '  permission:\n', '  permission:\n    tool:\n      enabled: true\n', withModel);
const modelLine = lineOf(withTool, 'enabled: true', 'model:');
const toolLine = lineOf(withTool, 'enabled: true', 'tool:');

const usesModel = `from dify_plugin import OAICompatLargeLanguageModel, get_current_session


class AcmeLargeLanguageModel(OAICompatLargeLanguageModel):
    def _summarise(self, text):
        session = get_current_session()
        return session.model.llm.invoke(model_config=None, prompt_messages=[])
`;

describe('X10 unused permissions', () => {
  it('model and tool permissions the code never uses: one info each, at the flag', () => {
    const root = tracked({ files: { [MANIFEST]: withTool } });
    expect(found(root, 'X10').sort()).toEqual([`X10 info manifest.yaml:${modelLine}`, `X10 info manifest.yaml:${toolLine}`].sort());
    expect(diags(root, 'X10').find((d) => d.line === modelLine)!.message).toMatch(/resource\.permission\.model is enabled, but no Python source calls Dify's models back/);
  });

  it('get_current_session().model used: only the unused tool permission is named', () => {
    const root = tracked({ files: { [MANIFEST]: withTool, [LLM]: usesModel } });
    expect(found(root, 'X10')).toEqual([`X10 info manifest.yaml:${toolLine}`]);
  });

  it('a session kept under another name counts as using every kind (no guessing)', () => {
    const aliased = usesModel.replace('session = get_current_session()\n        return session.model', 's = get_current_session()\n        return s.model');
    const root = tracked({ files: { [MANIFEST]: withTool, [LLM]: aliased } });
    expect(found(root, 'X10')).toEqual([]);
  });

  it('a requests Session named session is not a call back into Dify', () => {
    const http = `import requests
from dify_plugin import OAICompatLargeLanguageModel


class AcmeLargeLanguageModel(OAICompatLargeLanguageModel):
    def _ping(self):
        self.session = requests.Session()
        return self.session.get("https://example.com", timeout=5)
`;
    const root = tracked({ files: { [MANIFEST]: withModel, [LLM]: http } });
    expect(found(root, 'X10')).toEqual([`X10 info manifest.yaml:${lineOf(withModel, 'enabled: true')}`]);
  });

  it('permissions turned off (the fixture, like the scaffold): nothing', () => {
    const root = tracked();
    expect(found(root, 'X10')).toEqual([]);
  });
});
