// What the benchmark measures: each cell is one load shape; each run in it is
// one target serving one scenario. Runs of a cell are measured back to back,
// in an order that rotates every round.

import { chatBody, messagesBody, responsesBody } from './agent-bodies.mjs';

const SYSTEM = 'You are a helpful assistant.';
const AGENT = { chat: chatBody, responses: responsesBody, messages: messagesBody };
const SIZES = { '50k': 50 * 1024, '300k': 300 * 1024, '1m': 1024 * 1024 };

/**
 * `agent-<api>[-native]-<size>[-stream]`: a coding agent's conversation on `api`, grown from a real capture (the
 * same bytes with or without `-native`). `-native` says where it goes: Messages to an Anthropic upstream, Responses
 * to a Responses upstream (pass-through); without it, on Switchyard, both are translated to a chat upstream. Chat
 * always goes to a chat upstream (`agent-chat-<size>`).
 */
const AGENT_RE = /^agent-(chat|responses|messages)(-native)?-(50k|300k|1m)(-stream)?$/;
export const agentScenario = (scenario) => {
  const m = AGENT_RE.exec(scenario);
  return m && !(m[1] === 'chat' && m[2]) ? { api: m[1], native: m[1] === 'chat' || Boolean(m[2]), size: m[3], stream: Boolean(m[4]) } : null;
};

function agentBody(scenario, model) {
  const a = agentScenario(scenario);
  return a ? AGENT[a.api](model, SIZES[a.size], { stream: a.stream }) : null;
}
const PROMPT = 'Say hello in one sentence.';

/** The request body of a scenario for a model name. */
export function bodyFor(scenario, model) {
  const messages = [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: PROMPT },
  ];
  switch (scenario) {
    case 'chat':
    case 'fail':
    case 'fallback':
    case 'fallback-fresh':
      return JSON.stringify({ model, messages, max_tokens: 200 });
    case 'stream':
      return JSON.stringify({ model, messages, max_tokens: 200, stream: true, stream_options: { include_usage: true } });
    case 'responses':
      // store: false as Codex sends it: the translation alone. Keeping the response is its own run.
      return JSON.stringify({ model, instructions: SYSTEM, input: PROMPT, max_output_tokens: 200, stream: true, store: false });
    case 'responses-store':
      return JSON.stringify({ model, instructions: SYSTEM, input: PROMPT, max_output_tokens: 200, stream: true });
    case 'big': {
      // 1 MiB in all: a long user message, as when an agent pastes a large file.
      const shell = JSON.stringify({ model, messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: '' }], max_tokens: 200 });
      const filler = 'lorem ipsum dolor sit amet '.repeat(40_000).slice(0, 1024 * 1024 - shell.length);
      return JSON.stringify({ model, messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: filler }], max_tokens: 200 });
    }
    default: {
      const agent = agentBody(scenario, model);
      if (agent) return agent;
      throw new Error(`unknown scenario ${scenario}`);
    }
  }
}

const SY = 'switchyard';
export const FAILED = 'direct to the failing upstream (the failed attempt)';
export const SY_PLAIN = 'switchyard, provider/model';
export const SY_FALLBACK = 'switchyard, combo, first target answers 500 every request';
export const MINIMAL = 'minimal gateway';
export const NO_METRICS = 'switchyard without metrics';
export const METRICS_ON = 'switchyard, metrics on';
export const METRICS_OFF = 'switchyard, metrics off';
/** The minimal gateway with duties left out (`--skip`), to show what each costs. */
export const MINIMAL_VARIANTS = {
  [MINIMAL]: [],
  'minimal gateway without the usage row': ['usage'],
  'minimal gateway without key check and JSON parse': ['auth', 'parse'],
  'minimal gateway without abort on disconnect': ['abort'],
  'minimal gateway without all four': ['usage', 'auth', 'parse', 'abort'],
};
export const PG_RPM = 'switchyard on PostgreSQL, key with a shared rpm limit';
export const PG_PLAIN = 'switchyard on PostgreSQL, key without a limit';
const four = (scenario) => ['direct', 'bare proxy', 'portkey', SY].map((target) => ({ target, scenario }));

/**
 * The big-body matrix (#19): agent-shaped bodies of 300 KB and 1 MB, non-stream and streamed, at c=1 (the
 * undici timing client: time to first byte) and c=8 (wrk). Each cell runs every API passed through to an
 * upstream of the same API on the bare proxy, the minimal gateway, Switchyard and Portkey, plus Switchyard
 * translating Responses and Messages to a chat upstream. `api` is the upstream API a run reaches (the mock
 * counts it), `ref` the bare-proxy run it is judged against: the same body to the same upstream API.
 */
export const MATRIX_APIS = ['chat', 'messages', 'responses'];
export const matrixLabel = (target, api) => `${target} (${api})`;
export const TRANSLATED = { responses: 'switchyard, responses → chat', messages: 'switchyard, messages → chat' };
const SIZE_NAMES = { '300k': '300 KB', '1m': '1 MB' };
const suffix = (stream) => (stream ? '-stream' : '');
export const matrixCellId = (size, stream, c) => `agent-${size}${suffix(stream)}-c${c}`;
/** The cells a --quick run keeps: the ones the verdicts read (1 MB c=8 non-stream; 300 KB streamed TTFB at c=1). */
const MATRIX_QUICK = new Set([matrixCellId('1m', false, 8), matrixCellId('300k', true, 1)]);

function matrixCell(size, stream, c) {
  const runs = [];
  for (const target of ['bare proxy', MINIMAL, SY, 'portkey']) {
    for (const api of MATRIX_APIS) {
      const scenario = `agent-${api}${api === 'chat' ? '' : '-native'}-${size}${suffix(stream)}`;
      runs.push({ target, scenario, label: matrixLabel(target, api), api, ref: matrixLabel('bare proxy', api) });
    }
  }
  for (const api of ['responses', 'messages']) {
    runs.push({ target: SY, scenario: `agent-${api}-${size}${suffix(stream)}`, label: TRANSLATED[api], api: 'chat', ref: matrixLabel('bare proxy', 'chat') });
  }
  const id = matrixCellId(size, stream, c);
  return {
    id,
    title: `Agent-shaped ${SIZE_NAMES[size]} body on each API, ${stream ? 'streamed' : 'non-stream'}, concurrency ${c}${c === 1 ? ' (undici client: time to first byte)' : ''}: passed through, and Responses/Messages translated to chat`,
    load: c === 1 ? 'client' : 'wrk',
    c,
    matrix: true,
    // Left out of a --quick run (bench/run.mjs), which must stay under 3 minutes.
    full: !MATRIX_QUICK.has(id),
    runs,
  };
}
const MATRIX = ['300k', '1m'].flatMap((size) => [false, true].flatMap((stream) => [1, 8].map((c) => matrixCell(size, stream, c))));
/** Ids of cells the matrix replaced, so `--only` with an old id still runs what measures it now. */
export const CELL_ALIASES = {
  'agent-chat-1m-c8': matrixCellId('1m', false, 8),
  'agent-translated-1m-c8': matrixCellId('1m', false, 8),
  'agent-chat-300k-stream-c1': matrixCellId('300k', true, 1),
};

export const CELLS = [
  { id: 'chat-c1', title: 'Chat, non-stream, concurrency 1', load: 'wrk', c: 1, runs: four('chat') },
  { id: 'chat-c16', title: 'Chat, non-stream, concurrency 16', load: 'wrk', c: 16, runs: four('chat') },
  { id: 'chat-c64', title: 'Chat, non-stream, concurrency 64', load: 'wrk', c: 64, runs: [...four('chat'), { target: MINIMAL, scenario: 'chat' }] },
  {
    // What the duties of a gateway cost by themselves: the minimal gateway, whole and with
    // duties left out, next to the bare proxy (bench/minimal-gateway.mjs).
    id: 'duties-c64',
    title: 'What the duties cost: the minimal gateway with duties left out, chat non-stream, concurrency 64',
    load: 'wrk',
    c: 64,
    runs: [{ target: 'bare proxy', scenario: 'chat' }, ...Object.keys(MINIMAL_VARIANTS).map((target) => ({ target, scenario: 'chat' }))],
  },
  {
    // The non-stream cell again, with the three loaded at the same time (each by its own wrk,
    // five windows per round), as the 10,000-keys cell is: per-window ratios here vary far less
    // than between windows measured one after the other on this host (bench/README.md, fifth pass).
    id: 'paired-c64',
    title: 'Chat, non-stream, concurrency 64 each: bare proxy, Switchyard and the minimal gateway loaded at the same time',
    load: 'wrk',
    c: 64,
    together: true,
    repeat: 5,
    runs: [{ target: 'bare proxy', scenario: 'chat' }, { target: SY, scenario: 'chat' }, { target: MINIMAL, scenario: 'chat' }],
  },
  { id: 'stream-c64', title: 'Chat, SSE stream of 20 chunks, concurrency 64 (wrk: whole stream)', load: 'wrk', c: 64, runs: [...four('stream'), { target: MINIMAL, scenario: 'stream' }] },
  { id: 'stream-timing-c8', title: 'Chat, SSE stream of 20 chunks, concurrency 8 (undici client: TTFB and total)', load: 'client', ttfb: true, c: 8, runs: four('stream') },
  {
    id: 'responses-c64',
    title: '/v1/responses streamed, translated to a chat upstream, concurrency 64',
    load: 'wrk',
    c: 64,
    runs: [
      { target: 'direct', scenario: 'stream', label: 'direct (chat stream)' },
      { target: 'bare proxy', scenario: 'stream', label: 'bare proxy (chat stream)' },
      { target: SY, scenario: 'responses', label: 'switchyard (responses → chat)' },
      { target: SY, scenario: 'responses-store', label: 'switchyard (responses → chat, stored: store defaults to true)' },
    ],
  },
  {
    id: 'keys-c64',
    title: '10,000 inference keys in the database vs 1, chat non-stream, concurrency 64 each, both loaded at the same time',
    load: 'wrk',
    c: 64,
    // A 5 % difference is far below this machine's drift between two windows (single pairs
    // measured one after the other differed by −24 % to +75 %): both instances are loaded at the
    // same time, each by its own wrk, five times per round.
    together: true,
    repeat: 5,
    runs: [
      { target: SY, scenario: 'chat', label: 'switchyard, 1 key' },
      { target: 'switchyard 10k keys', scenario: 'chat', label: 'switchyard, 10,001 keys' },
    ],
  },
  {
    // What recording metrics costs (issue 16: ≤ 3 % worse): the same build with SWITCHYARD_METRICS=off beside it,
    // both loaded at the same time like the 10,000-keys cell, non-stream and streaming.
    id: 'metrics-c64',
    title: 'Metrics on vs off (SWITCHYARD_METRICS=off), chat non-stream, concurrency 64 each, both loaded at the same time',
    load: 'wrk',
    c: 64,
    together: true,
    repeat: 5,
    runs: [
      { target: SY, scenario: 'chat', label: METRICS_ON },
      { target: NO_METRICS, scenario: 'chat', label: METRICS_OFF },
    ],
  },
  {
    id: 'metrics-stream-c64',
    title: 'Metrics on vs off, SSE stream of 20 chunks, concurrency 64 each, both loaded at the same time',
    load: 'wrk',
    c: 64,
    together: true,
    repeat: 5,
    runs: [
      { target: SY, scenario: 'stream', label: METRICS_ON },
      { target: NO_METRICS, scenario: 'stream', label: METRICS_OFF },
    ],
  },
  {
    // What the fleet-wide rate limit costs (issue 18: < 5 %): two instances on PostgreSQL, one whose key has
    // a limit (taken in leases from the shared counter) and one whose key has none, loaded at the same time.
    // Needs SWITCHYARD_BENCH_PG_URL (or SWITCHYARD_TEST_PG_URL); skipped without one.
    id: 'shared-rpm-c64',
    title: 'Shared rate limit on PostgreSQL vs no limit, chat non-stream, concurrency 64 each, both loaded at the same time',
    load: 'wrk',
    c: 64,
    together: true,
    repeat: 5,
    runs: [
      { target: PG_RPM, scenario: 'chat', label: PG_RPM },
      { target: PG_PLAIN, scenario: 'chat', label: PG_PLAIN },
    ],
  },
  {
    // Switchyard cools a failing target down for 5 s after one failure, so a
    // fixed combo measures the skip. Its own instance holds 80,000 combos
    // (fb-N: mockfail/f-N, then mock/bench-model) and every request names a new
    // one, so each really tries the 500 first. Same client for every run here.
    id: 'fallback-c1',
    title: 'Combo whose first target answers 500, concurrency 1 (undici client)',
    load: 'client',
    c: 1,
    runs: [
      { target: 'direct', scenario: 'chat', label: 'direct' },
      { target: 'direct', scenario: 'fail', label: FAILED },
      { target: 'switchyard fallback', scenario: 'chat', label: SY_PLAIN },
      { target: 'switchyard fallback', scenario: 'fallback-fresh', label: SY_FALLBACK },
      { target: SY, scenario: 'fallback', label: 'switchyard, combo, first target cooling down (skipped)' },
      { target: 'portkey', scenario: 'chat', label: 'portkey, direct' },
      { target: 'portkey', scenario: 'fallback', label: 'portkey, fallback config' },
    ],
  },
  { id: 'big-c8', title: '1 MB request body, chat non-stream, concurrency 8', load: 'wrk', c: 8, runs: four('big') },
  // Agent-shaped traffic (#19): a real client's system prompt and tools, then history turns; see matrixCell above.
  ...MATRIX,
  // Measured once after the rounds, not per round (bench/lib/big-load.mjs); `special` keeps them out of the tables above.
  {
    id: 'stream-gaps',
    title: '64 slow streams (a chunk every 20 ms) alone, then beside 8 clients posting 1 MB agent chat bodies',
    special: 'gaps',
    c: 64,
    posters: 8,
    postScenario: 'agent-chat-1m',
    // The bare proxy is the reference: what the machine, the mock and a 40-line hop add beside the same posts.
    runs: [
      { target: 'bare proxy', scenario: 'slow-stream' },
      { target: SY, scenario: 'slow-stream' },
    ],
  },
  {
    id: 'memory-32x1m',
    title: '32 concurrent 1 MB agent chat requests, rounds of load then 1.5 s idle',
    special: 'memory',
    c: 32,
    runs: [
      { target: 'bare proxy', scenario: 'agent-chat-1m' },
      { target: SY, scenario: 'agent-chat-1m' },
    ],
  },
];

export const runLabel = (run) => run.label ?? run.target;
