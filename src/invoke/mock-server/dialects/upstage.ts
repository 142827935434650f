// Upstage (api.upstage.ai/v1/solar): OpenAI-compatible (the `openai` dialect), except that the
// official plugin's embeddings send each input as the list of its tokenizer's token strings
// (`[["▁Hello", ","], …]`), which this dialect takes, joining the pieces. Upstage's API reference
// documents only strings; the plugin is the evidence that the service takes pieces (unverified).
import type { Ctx, Dialect } from '../dialect.js';
import { bodyModel, peekJson } from '../dialect.js';
import { requireString, sendJson } from '../http.js';
import { embeddingList } from './openai-embeddings.js';
import { openai } from './openai.js';

const UPSTAGE_DIMENSIONS = 4096;

const isPieces = (v: unknown): v is string[] => Array.isArray(v) && v.length > 0 && v.every((p) => typeof p === 'string');

function embeddings(c: Ctx): void {
  const body = c.json();
  const model = requireString(body, 'model');
  const inputs = (body.input as string[][]).map((pieces) => pieces.join('').replace(/▁/g, ' ').trim() || pieces.join(' '));
  sendJson(c.res, 200, embeddingList(model, inputs, UPSTAGE_DIMENSIONS, body.encoding_format === 'base64'));
}

export const upstage: Dialect = {
  ...openai,
  name: 'upstage',
  title: 'Upstage embeddings of token-string lists (the rest is openai)',
  hosts: ['api.upstage.ai'],
  providers: [],
  routes: [
    {
      method: 'POST',
      path: /\/embeddings$/,
      accepts: (c) => {
        const input = peekJson(c)?.input;
        return c.byHost && Array.isArray(input) && input.length > 0 && input.every(isPieces);
      },
      model: bodyModel(),
      handle: embeddings,
    },
  ],
};
