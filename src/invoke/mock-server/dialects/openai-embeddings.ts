// POST /embeddings (protocol reference §11.3): one vector per input, in input order, and
// `usage.total_tokens`, which the SDK requires. Inputs are a string, a list of strings, a token
// array or a list of token arrays; `dimensions` only where the model supports it.
import type { Ctx } from '../dialect.js';
import { HttpError } from '../dialect.js';
import { optionalInt, requireString, sendJson } from '../http.js';
import { countTokens, embed } from '../deterministic.js';

export const DEFAULT_DIMENSIONS = 256;

/** Output sizes of OpenAI's own models; any other model gets DEFAULT_DIMENSIONS. */
const NATIVE_DIMENSIONS: Record<string, number> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};
/** Models that refuse `dimensions` (OpenAI: only text-embedding-3 and later take it). */
const FIXED_SIZE = new Set(['text-embedding-ada-002']);

export function handleEmbeddings(c: Ctx): void {
  const body = c.json();
  const model = requireString(body, 'model');
  const native = NATIVE_DIMENSIONS[model] ?? DEFAULT_DIMENSIONS;
  const asked = optionalInt(body, 'dimensions', 1, native);
  if (asked !== undefined && FIXED_SIZE.has(model)) throw new HttpError(400, 'This model does not support specifying dimensions.', 'dimensions');
  const dimensions = asked ?? native;
  const format = body.encoding_format ?? 'float';
  if (format !== 'float' && format !== 'base64') {
    throw new HttpError(400, `Invalid value for 'encoding_format': expected 'float' or 'base64', got ${JSON.stringify(format)}.`, 'encoding_format');
  }
  const inputs = openaiInputs(body.input);
  sendJson(c.res, 200, embeddingList(model, inputs, dimensions, format === 'base64'));
}

export function embeddingList(model: string, inputs: string[], dimensions: number, base64 = false) {
  const data = inputs.map((text, index) => {
    const vector = embed(text, dimensions);
    const embedding = base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
    return { object: 'embedding', index, embedding };
  });
  const tokens = inputs.reduce((sum, t) => sum + countTokens(t), 0);
  return { object: 'list', data, model, usage: { prompt_tokens: tokens, total_tokens: tokens } };
}

/** OpenAI's accepted inputs: a string, strings, one token array, or token arrays. */
export function openaiInputs(input: unknown): string[] {
  if (typeof input === 'string') {
    if (!input) throw new HttpError(400, "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.", 'input');
    return [input];
  }
  if (Array.isArray(input) && input.length > 0) {
    if (input.every((n) => Number.isInteger(n))) return [JSON.stringify(input)];
    return input.map((item, i) => {
      if (typeof item === 'string' && item) return item;
      if (Array.isArray(item) && item.length > 0 && item.every((n) => Number.isInteger(n))) return JSON.stringify(item);
      throw new HttpError(400, `'$.input[${i}]' is invalid: expected a non-empty string or an array of token ids. Please check the API reference: https://platform.openai.com/docs/api-reference.`, 'input');
    });
  }
  throw new HttpError(400, "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.", 'input');
}
