// Every dialect the mock speaks, in the order path-based routing tries them: specific path
// shapes first, the OpenAI-compatible catch-all last.
import type { Dialect } from '../dialect.js';
import { anthropic } from './anthropic.js';
import { gemini } from './gemini.js';
import { cohere } from './cohere.js';
import { ollama } from './ollama.js';
import { tei, hfInference, hfHub } from './huggingface.js';
import { xinference } from './xinference.js';
import { triton } from './triton.js';
import { jina } from './jina.js';
import { voyage } from './voyage.js';
import { mixedbread } from './mixedbread.js';
import { gitee } from './gitee.js';
import { nomic } from './nomic.js';
import { fishaudio } from './fishaudio.js';
import { shisa } from './shisa.js';
import { tencentAsr } from './tencent-asr.js';
import { tencentCloud } from './tencent-cloud.js';
import { ark } from './ark.js';
import { qianfan } from './qianfan.js';
import { dashscope } from './dashscope.js';
import { replicate } from './replicate.js';
import { minimax } from './minimax.js';
import { upstage } from './upstage.js';
import { awsImds, bedrock } from './bedrock.js';
import { googleOauth } from './google-oauth.js';
import { probes } from './probes.js';
import { difyRerank } from './rerank.js';
import { openai } from './openai.js';

export const DIALECTS: Dialect[] = [anthropic, gemini, dashscope, cohere, ollama, triton, xinference, hfInference, hfHub, tei, jina, voyage, mixedbread, gitee, nomic, fishaudio, shisa, tencentAsr, tencentCloud, ark, qianfan, replicate, minimax, upstage, awsImds, bedrock, googleOauth, probes, difyRerank, openai];

export function dialectByName(name: string): Dialect | undefined {
  return DIALECTS.find((d) => d.name === name);
}
