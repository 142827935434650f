// Baidu Qianfan v2 (qianfan.baidubce.com/v2): OpenAI-compatible chat and embeddings (the openai
// dialect answers them), and its rerank, whose results carry the document as a plain string.
import type { Ctx, Dialect, Route } from '../dialect.js';
import { bearer, bodyModel } from '../dialect.js';
import { optionalBool, optionalInt, requireString, sendJson } from '../http.js';
import { shortId } from '../deterministic.js';
import { openaiError } from './openai.js';
import { documentTexts, rank, rerankTokens } from './rerank.js';

const routes: Route[] = [{ method: 'POST', path: /\/v2\/rerank$/, model: bodyModel(), handle: rerankRoute }];

export const qianfan: Dialect = {
  name: 'qianfan',
  title: 'Baidu Qianfan v2 rerank (chat and embeddings are OpenAI-compatible)',
  hosts: ['qianfan.baidubce.com'],
  providers: ['wenxin'],
  keyRequired: true,
  key: bearer,
  routes,
  error: openaiError,
};

function rerankRoute(c: Ctx): void {
  const body = c.json();
  const model = requireString(body, 'model');
  const query = requireString(body, 'query');
  const documents = documentTexts(body.documents);
  const topN = optionalInt(body, 'top_n', 1, 100_000);
  const withDocs = optionalBool(body, 'return_documents') ?? false;
  sendJson(c.res, 200, {
    id: shortId('as', `${model}\n${query}`),
    object: 'rerank_list',
    created: 1735689600,
    model,
    results: rank(query, documents)
      .slice(0, topN ?? documents.length)
      .map((r) => ({ ...(withDocs ? { document: r.text } : {}), relevance_score: r.score, index: r.index })),
    usage: { prompt_tokens: rerankTokens(query, documents), total_tokens: rerankTokens(query, documents) },
  });
}
