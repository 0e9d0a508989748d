// Spec-string factories for the remote scorers: `judge:…` and `rm:…`.
import type { Scorer } from '../../contract.js';
import type { ScorerFactory } from '../../registry.js';
import { parseSpec, SpecOptions } from '../../spec.js';
import type { HttpClient } from './client.js';
import { readJudgeConfig, type JudgeConfig } from './judge-config.js';
import { ListwiseJudge } from './judge-listwise.js';
import { PairwiseJudge } from './judge-pairwise.js';
import { PointwiseJudge } from './judge-pointwise.js';
import type { RemoteDeps } from './options.js';
import { readRmConfig, RemoteRewardModel } from './rm.js';

export type RemoteJudge = PointwiseJudge | PairwiseJudge | ListwiseJudge;

export function createJudge(config: JudgeConfig, deps: RemoteDeps = {}, client?: HttpClient): RemoteJudge {
  if (config.mode === 'pairwise') return new PairwiseJudge(config, deps, client);
  if (config.mode === 'listwise') return new ListwiseJudge(config, deps, client);
  return new PointwiseJudge(config, deps, client);
}

const TRANSPORT_OPTIONS = 'url=URL (required; judge: the OpenAI base URL, e.g. http://host:8000/v1; rm: the server root; several servers of the same model: URL1|URL2|…, balanced with failover), api-key-env=ENV_VAR, concurrency=8 (per server), retries=5, timeout=120 (s), budget-requests=N, budget-tokens=N';

const TRANSPORT_DOCS: Record<string, string> = {
  url: 'where the server is; not in the signature (the same model on another host is the same scorer)',
  'api-key-env': 'name of the environment variable holding the API key, sent as a bearer token (never the key itself)',
  concurrency: 'requests in flight at once',
  retries: 'retries of a request after 429, 5xx, a timeout, a connection error or unparseable JSON (exponential backoff, Retry-After honoured)',
  timeout: 'seconds to wait for one answer before it counts as a timeout',
  'budget-requests': 'start no request after this many (items not sent fail with a budget error, counted as failed)',
  'budget-tokens': 'start no request once the server has reported this many tokens (same budget error)',
};

export function judgeFactoryWith(deps: RemoteDeps): ScorerFactory {
  return {
    name: 'judge',
    summary: 'LLM judge on an OpenAI-compatible chat endpoint (vLLM, SGLang, OpenAI, …): pointwise rubric, pairwise A/B/tie, listwise ranking',
    options:
      'model=NAME (required), mode=pointwise|pairwise|listwise, template=rubric-1to10@1|rubric-1to5@1|pairwise-ab@1|listwise-rank@1, ' +
      'temperature=0, top-p=1, max-tokens=16 (listwise 128), seed=0|none, logprobs=true (listwise false), top-logprobs=20, orders=both|one, ' +
      TRANSPORT_OPTIONS,
    optionDocs: {
      model: 'the model name the server expects (sent as "model"; in the signature)',
      mode: 'pointwise: a score per output; pairwise: A, B or tie per pair; listwise: a ranking of several outputs',
      template: 'the prompt template (NAME@VERSION; the default fits the mode); its text hash is in the signature',
      temperature: 'sampling temperature (0: greedy)',
      'top-p': 'nucleus sampling mass',
      'max-tokens': 'longest answer the judge may write',
      seed: 'sampling seed sent to the server, or none to send no seed',
      logprobs: 'ask for token log-probabilities and score by the expected rating (pairwise: P(A)) over the answer tokens when the server returns them; else the parsed answer',
      'top-logprobs': 'alternatives per token position when logprobs=true (at most 20, the OpenAI limit)',
      orders: 'pairwise/listwise: both runs every comparison in both presentation orders and averages (position bias cancels); one runs it once',
      ...TRANSPORT_DOCS,
    },
    create: (o) => createJudge(readJudgeConfig(o), deps),
  };
}

export function rmFactoryWith(deps: RemoteDeps): ScorerFactory {
  return {
    name: 'rm',
    aliases: ['reward-model'],
    summary: 'reward model on a server: vLLM /classify, /pooling, /score, text-embeddings-inference /predict, OpenRLHF /get_reward',
    options:
      'api=vllm-classify|vllm-pooling|vllm-score|tgi|openrlhf (required), model=NAME (required), ' +
      'template=server|chatml|llama3|pair|none (conversation format; default per api), label=INDEX|NAME, raw=true, batch-size=16, ' +
      TRANSPORT_OPTIONS,
    optionDocs: {
      api: 'the server API: vllm-classify (/classify), vllm-pooling (/pooling), vllm-score (/score), tgi (text-embeddings-inference /predict), openrlhf (/get_reward)',
      model: 'the model name (sent to vLLM; names the scorer in signatures)',
      template: 'how prompt and response become the model input: server (the server applies its chat template), chatml, llama3, pair (prompt and response as a text pair) or none (concatenated)',
      label: 'which output of a multi-label head is the reward: its index, or its name where the API returns names',
      raw: 'true: the raw logit as the reward; false: after the server activation (sigmoid/softmax); only for APIs that apply one',
      'batch-size': 'inputs per request where the API takes lists',
      ...TRANSPORT_DOCS,
    },
    create: (o) => new RemoteRewardModel(readRmConfig(o), deps),
  };
}

export const judgeFactory = judgeFactoryWith({});
export const rmFactory = rmFactoryWith({});

/** Builds a `judge:` or `rm:` scorer from its spec with injected dependencies (seeded jitter, recorded sleeps). */
export function createRemoteScorer(spec: string, deps: RemoteDeps = {}): Scorer {
  const parsed = parseSpec(spec);
  const factory = parsed.name === 'judge' ? judgeFactoryWith(deps) : parsed.name === 'rm' || parsed.name === 'reward-model' ? rmFactoryWith(deps) : null;
  if (!factory) throw new Error(`not a remote scorer spec: "${spec}" (expected judge:… or rm:…)`);
  return factory.create(new SpecOptions(parsed, spec));
}
