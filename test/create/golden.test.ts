// Golden tests: full configurations (all six types) fix the file list and the key files byte
// for byte, one per way users get models (predefined, customizable, both). The package version
// inside schema URLs is replaced by <version> so a release does not break them. If a template
// change is intended, review the new output: `UPDATE_GOLDEN=1 npx vitest run test/create/golden.test.ts`
// rewrites test/create/golden/, and the diff is the review.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Configurate, PluginConfig, PythonProject } from '../../src/create/answers.js';
import { MODEL_TYPES } from '../../src/create/model-types.js';
import { packageVersion } from '../../src/create/package-info.js';
import { planPlugin } from '../../src/create/plan.js';
import { resolveToolSource } from '../../src/create/tool-source.js';

const GOLDEN = join(import.meta.dirname, 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

function config(configurate: Configurate, pythonProject: PythonProject): PluginConfig {
  return {
    name: 'acme',
    author: 'acme',
    label: 'Acme AI',
    description: 'Chat, embedding, rerank, speech and moderation models from Acme AI.',
    types: [...MODEL_TYPES],
    base: 'openai-compatible',
    model: 'acme-chat-1',
    pythonProject,
    configurate,
    modelPermission: false,
    tool: resolveToolSource({}, {}).source!,
    // What the Marketplace requires, given in one case (manifest repo/contact, the README source link).
    ...(configurate === 'predefined' ? { repo: 'https://github.com/acme/acme-dify', contact: 'dev@acme.example' } : {}),
  };
}

const CASES: { configurate: Configurate; pythonProject: PythonProject; files: string[] }[] = [
  {
    configurate: 'predefined',
    pythonProject: 'pyproject',
    files: [
      'manifest.yaml', 'provider/acme.yaml', 'provider/acme.py', 'main.py', 'pyproject.toml', 'README.md', 'GUIDE.md', '.difyignore',
      '.github/workflows/plugin.yml', 'models/llm/acme-chat-1.yaml', 'models/llm/_position.yaml', 'models/llm/llm.py',
      'models/text_embedding/example-embedding.yaml', 'models/tts/example-tts.yaml', 'models/tts/tts.py', 'models/moderation/moderation.py',
    ],
  },
  {
    configurate: 'customizable',
    pythonProject: 'pyproject',
    files: [
      'provider/acme.yaml', 'provider/acme.py', 'README.md', 'GUIDE.md', 'models/llm/llm.py', 'models/text_embedding/text_embedding.py',
      'models/rerank/rerank.py', 'models/tts/tts.py', 'models/speech2text/speech2text.py', 'models/moderation/moderation.py',
    ],
  },
  {
    configurate: 'both',
    pythonProject: 'requirements',
    files: ['provider/acme.yaml', 'provider/acme.py', 'requirements.txt', 'README.md'],
  },
];

for (const c of CASES) {
  const dir = join(GOLDEN, `${c.configurate}-${c.pythonProject}`);
  const files = planPlugin(config(c.configurate, c.pythonProject), new Date('2025-01-02T03:04:05.678Z'));
  const byPath = new Map(files.map((f) => [f.path, f.content.split(`create-model-plugin@${packageVersion()}`).join('create-model-plugin@<version>')]));
  const golden = (path: string, actual: string) => {
    const file = join(dir, path);
    if (UPDATE || !existsSync(file)) {
      if (!UPDATE) throw new Error(`no golden copy ${file}: run with UPDATE_GOLDEN=1 and review it`);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, actual);
    }
    return readFileSync(file, 'utf8');
  };

  describe(`golden plugin (six types, openai-compatible, ${c.configurate}, ${c.pythonProject})`, () => {
    it('has exactly the expected files', () => {
      const list = files.map((f) => f.path).join('\n') + '\n';
      expect(list).toBe(golden('FILES.txt', list));
    });

    it.each(c.files)('%s matches the golden copy', (path) => {
      const actual = byPath.get(path);
      expect(actual, `${path} is generated`).toBeDefined();
      expect(actual).toBe(golden(`files/${path}.golden`, actual!));
    });
  });
}
