// POST /embeddings (protocol reference §11.3): one vector per input, in input order, and
// `usage.total_tokens`, which the SDK requires. Vectors are derived from the text, so equal texts
// get equal vectors.
import type { ServerResponse } from 'node:http';
import { HttpError, optionalInt, requireString, sendJson } from './http.js';
import { countTokens, embed } from './deterministic.js';

export const DEFAULT_DIMENSIONS = 256;

export function handleEmbeddings(body: Record<string, unknown>, res: ServerResponse): void {
  const model = requireString(body, 'model');
  const dimensions = optionalInt(body, 'dimensions', 1, 8192) ?? DEFAULT_DIMENSIONS;
  const format = body.encoding_format ?? 'float';
  if (format !== 'float' && format !== 'base64') {
    throw new HttpError(400, '"encoding_format" must be "float" or "base64"', 'encoding_format');
  }
  const inputs = inputTexts(body.input);
  const data = inputs.map((text, index) => {
    const vector = embed(text, dimensions);
    const embedding = format === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
    return { object: 'embedding', index, embedding };
  });
  const tokens = inputs.reduce((sum, t) => sum + countTokens(t), 0);
  sendJson(res, 200, { object: 'list', model, data, usage: { prompt_tokens: tokens, total_tokens: tokens } });
}

function inputTexts(input: unknown): string[] {
  if (typeof input === 'string') return [input];
  if (Array.isArray(input) && input.length > 0) {
    // Token-id arrays are valid in the OpenAI API; they are embedded by their JSON text.
    return input.map((item, i) => {
      if (typeof item === 'string') return item;
      if (Array.isArray(item) && item.every((n) => Number.isInteger(n))) return JSON.stringify(item);
      throw new HttpError(400, `"input[${i}]" must be a string`, `input[${i}]`);
    });
  }
  throw new HttpError(400, '"input" is required: a string or a non-empty array of strings', 'input');
}
