// POST /rerank, the Jina/Cohere-style shape the SDK's OAICompatRerankModel sends (protocol
// reference §11.4). Scores come from topic-word overlap with the query plus a small text-derived
// tie-breaker, so they are distinct (the SDK min-max normalizes them).
import type { ServerResponse } from 'node:http';
import { HttpError, optionalBool, optionalInt, requireString, sendJson } from './http.js';
import { countTokens, unitHash, words } from './deterministic.js';

export function handleRerank(body: Record<string, unknown>, res: ServerResponse): void {
  const model = requireString(body, 'model');
  const query = requireString(body, 'query');
  const documents = documentTexts(body.documents);
  const topN = optionalInt(body, 'top_n', 1, 100_000);
  const returnDocuments = optionalBool(body, 'return_documents') ?? false;

  const q = words(query);
  const results = documents
    .map((text, index) => {
      const d = words(text);
      let shared = 0;
      for (const w of d) if (q.has(w)) shared++;
      // Cosine of the word sets, plus a small text-derived tie-breaker.
      const cosine = q.size && d.size ? shared / Math.sqrt(q.size * d.size) : 0;
      const score = Math.round((0.9 * cosine + 0.1 * unitHash(`${query}\n${text}`)) * 1e6) / 1e6;
      return { index, relevance_score: score, ...(returnDocuments ? { document: { text } } : {}) };
    })
    .sort((a, b) => b.relevance_score - a.relevance_score || a.index - b.index)
    .slice(0, topN ?? documents.length);
  const tokens = countTokens(query) + documents.reduce((s, t) => s + countTokens(t), 0);
  sendJson(res, 200, { model, results, usage: { total_tokens: tokens } });
}

function documentTexts(documents: unknown): string[] {
  if (!Array.isArray(documents) || documents.length === 0) {
    throw new HttpError(400, '"documents" is required and must be a non-empty array', 'documents');
  }
  return documents.map((d, i) => {
    if (typeof d === 'string') return d;
    if (d && typeof d === 'object' && typeof (d as { text?: unknown }).text === 'string') return (d as { text: string }).text;
    throw new HttpError(400, `"documents[${i}]" must be a string or {"text": string}`, `documents[${i}]`);
  });
}
