// Golden test: one full configuration (all six types, OpenAI-compatible classes) fixes the
// file list and the key files byte for byte. The package version inside schema URLs is
// replaced by <version> so a release does not break it. If a template change is intended,
// review the new output and copy it over the files in test/create/golden/.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PluginConfig } from '../../src/create/answers.js';
import { MODEL_TYPES } from '../../src/create/model-types.js';
import { packageVersion } from '../../src/create/package-info.js';
import { planPlugin } from '../../src/create/plan.js';

const GOLDEN = join(import.meta.dirname, 'golden');

const config: PluginConfig = {
  name: 'acme',
  author: 'acme',
  label: 'Acme AI',
  description: 'Chat, embedding, rerank, speech and moderation models from Acme AI.',
  types: [...MODEL_TYPES],
  base: 'openai-compatible',
  model: 'acme-chat-1',
  pythonProject: 'requirements',
};

const files = planPlugin(config, new Date('2025-01-02T03:04:05.678Z'));
const byPath = new Map(files.map((f) => [f.path, f.content.split(`create-model-plugin@${packageVersion()}`).join('create-model-plugin@<version>')]));

describe('golden plugin (all six types, openai-compatible)', () => {
  it('has exactly the expected files', () => {
    const expected = readFileSync(join(GOLDEN, 'FILES.txt'), 'utf8').trim().split('\n');
    expect(files.map((f) => f.path)).toEqual(expected);
  });

  it.each([
    'manifest.yaml',
    'provider/acme.yaml',
    'provider/acme.py',
    'main.py',
    'requirements.txt',
    'models/llm/acme-chat-1.yaml',
    'models/llm/_position.yaml',
    'models/llm/llm.py',
    'models/text_embedding/example-embedding.yaml',
    'models/tts/example-tts.yaml',
    'models/tts/tts.py',
    'models/moderation/moderation.py',
    '.github/workflows/validate.yml',
  ])('%s matches the golden copy', (path) => {
    const golden = readFileSync(join(GOLDEN, 'files', path + '.golden'), 'utf8');
    expect(byPath.get(path)).toBe(golden);
  });
});
