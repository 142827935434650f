// POST /moderations in OpenAI's shape. A text is flagged when it contains one of a few fixed words,
// so both outcomes can be produced on purpose.
import type { ServerResponse } from 'node:http';
import { HttpError, sendJson } from './http.js';
import { shortId } from './deterministic.js';

/** Words that make the mock flag a text, by category. */
export const FLAGGED_WORDS: Record<string, string[]> = {
  violence: ['kill', 'murder', 'attack'],
  hate: ['hate'],
  harassment: ['harass', 'threaten'],
};

export function handleModerations(body: Record<string, unknown>, res: ServerResponse): void {
  const inputs = typeof body.input === 'string' ? [body.input] : body.input;
  if (!Array.isArray(inputs) || inputs.length === 0 || !inputs.every((t) => typeof t === 'string')) {
    throw new HttpError(400, '"input" is required: a string or a non-empty array of strings', 'input');
  }
  const model = typeof body.model === 'string' && body.model ? body.model : 'mock-moderation';
  const results = (inputs as string[]).map((text) => {
    const lower = text.toLowerCase();
    const categories: Record<string, boolean> = {};
    const scores: Record<string, number> = {};
    for (const [category, list] of Object.entries(FLAGGED_WORDS)) {
      categories[category] = list.some((w) => new RegExp(`\\b${w}`).test(lower));
      scores[category] = categories[category] ? 0.98 : 0.01;
    }
    return { flagged: Object.values(categories).some(Boolean), categories, category_scores: scores };
  });
  sendJson(res, 200, { id: shortId('modr', inputs.join('\n')), model, results });
}
