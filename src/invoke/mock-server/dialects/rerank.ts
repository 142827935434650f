// Rerank scoring every dialect shares, and the Dify-style `POST /rerank` (the Jina/Cohere shape
// the SDK's OAICompatRerankModel sends, protocol reference §11.4; vLLM, Xinference and GPUStack
// serve it). Scores come from topic-word overlap with the query plus a small text-derived
// tie-breaker, so they are distinct (the SDK min-max normalizes them).
import type { Ctx, Dialect, Route } from '../dialect.js';
import { bearer, bodyModel, HttpError, peekJson } from '../dialect.js';
import { optionalBool, optionalInt, requireString, sendJson } from '../http.js';
import { countTokens, unitHash, words } from '../deterministic.js';
import { openaiError } from './openai.js';

export interface Ranked {
  index: number;
  score: number;
  text: string;
}

/** Documents ranked best first (ties by index). */
export function rank(query: string, documents: string[]): Ranked[] {
  const q = words(query);
  return documents
    .map((text, index) => {
      const d = words(text);
      let shared = 0;
      for (const w of d) if (q.has(w)) shared++;
      const cosine = q.size && d.size ? shared / Math.sqrt(q.size * d.size) : 0;
      return { index, text, score: Math.round((0.9 * cosine + 0.1 * unitHash(`${query}\n${text}`)) * 1e6) / 1e6 };
    })
    .sort((a, b) => b.score - a.score || a.index - b.index);
}

export function rerankTokens(query: string, documents: string[]): number {
  return countTokens(query) + documents.reduce((s, t) => s + countTokens(t), 0);
}

/** `documents`: strings or `{"text": …}` objects. */
export function documentTexts(documents: unknown, key = 'documents'): string[] {
  if (!Array.isArray(documents) || documents.length === 0) {
    throw new HttpError(400, `"${key}" is required and must be a non-empty array`, key);
  }
  return documents.map((d, i) => {
    if (typeof d === 'string') return d;
    if (d && typeof d === 'object' && typeof (d as { text?: unknown }).text === 'string') return (d as { text: string }).text;
    throw new HttpError(400, `"${key}[${i}]" must be a string or {"text": string}`, `${key}[${i}]`);
  });
}

/** The `query`, `documents`, `top_n`, `return_documents` request Cohere and Dify's rerank share, ranked. */
export function rerankRequest(body: Record<string, unknown>): { query: string; documents: string[]; ranked: Ranked[]; returnDocuments: boolean } {
  const query = requireString(body, 'query');
  const documents = documentTexts(body.documents);
  const topN = optionalInt(body, 'top_n', 1, 100_000);
  const returnDocuments = optionalBool(body, 'return_documents') ?? false;
  return { query, documents, ranked: rank(query, documents).slice(0, topN ?? documents.length), returnDocuments };
}

export function handleDifyRerank(c: Ctx): void {
  const body = c.json();
  const model = requireString(body, 'model');
  const { query, documents, ranked, returnDocuments } = rerankRequest(body);
  const results = ranked
    .map((r) => ({ index: r.index, relevance_score: r.score, ...(returnDocuments ? { document: { text: r.text } } : {}) }));
  sendJson(c.res, 200, { id: `rerank-${model}`, model, results, usage: { total_tokens: rerankTokens(query, documents) } });
}

const routes: Route[] = [
  {
    method: 'POST',
    path: /\/rerank$/,
    accepts: (c) => peekJson(c)?.documents !== undefined,
    model: bodyModel(),
    handle: handleDifyRerank,
  },
];

export const difyRerank: Dialect = {
  name: 'rerank',
  title: 'Dify-style POST /rerank (Jina/Cohere shape: query, documents, top_n)',
  hosts: [],
  providers: [],
  keyRequired: false,
  key: bearer,
  routes,
  error: openaiError,
};
