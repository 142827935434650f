// POST /moderations in OpenAI's shape. A text is flagged when it contains one of a few fixed words,
// so both outcomes can be produced on purpose.
import type { Ctx } from '../dialect.js';
import { HttpError } from '../dialect.js';
import { sendJson } from '../http.js';
import { shortId } from '../deterministic.js';

/** Words that make the mock flag a text, by category. */
export const FLAGGED_WORDS: Record<string, string[]> = {
  violence: ['kill', 'murder', 'attack'],
  hate: ['hate'],
  harassment: ['harass', 'threaten'],
};

export function handleModerations(c: Ctx): void {
  const body = c.json();
  const inputs = typeof body.input === 'string' ? [body.input] : body.input;
  if (!Array.isArray(inputs) || inputs.length === 0) {
    throw new HttpError(400, "'$.input' is invalid: expected a string or a non-empty array.", 'input');
  }
  const texts = inputs.map((t, i) => {
    if (typeof t === 'string') return t;
    // omni-moderation takes parts: {"type": "text", "text": …} (images are not looked at).
    if (t && typeof t === 'object' && (t as Record<string, unknown>).type === 'text' && typeof (t as Record<string, unknown>).text === 'string') return (t as { text: string }).text;
    if (t && typeof t === 'object' && (t as Record<string, unknown>).type === 'image_url') return '';
    throw new HttpError(400, `'$.input[${i}]' is invalid.`, 'input');
  });
  const model = typeof body.model === 'string' && body.model ? body.model : 'omni-moderation-latest';
  const results = texts.map((text) => {
    const lower = text.toLowerCase();
    const categories: Record<string, boolean> = {};
    const scores: Record<string, number> = {};
    for (const [category, list] of Object.entries(FLAGGED_WORDS)) {
      categories[category] = list.some((w) => new RegExp(`\\b${w}`).test(lower));
      scores[category] = categories[category] ? 0.98 : 0.01;
    }
    return { flagged: Object.values(categories).some(Boolean), categories, category_scores: scores };
  });
  sendJson(c.res, 200, { id: shortId('modr', texts.join('\n')), model, results });
}
