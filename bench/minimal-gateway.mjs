// A reference for the benchmark: the per-request duties SPEC §1 gives a gateway,
// written as cheaply as we know how in one file, with none of Switchyard's
// structure (no routing table, combos, cooldowns, budgets, typed errors, drain).
// Per request: the key's SHA-256 looked up in a Map (Bearer or x-api-key), the body
// parsed as JSON and `model` plus `messages` (chat, Messages) or `input` (Responses)
// checked, `provider/model` resolved and the model name spliced into the body, the
// upstream call aborted if the client goes away, the answer buffered and its usage
// read, `x-request-id` / `x-switchyard-provider` / `x-switchyard-model` on the
// answer, and a usage row with SPEC's fields (the same table and indexes as
// Switchyard's) written to SQLite in 1 s / 500-row batches.
// Each API goes through to an upstream of the same API (no translation):
// `/v1/chat/completions` to provider `mock`, `/v1/messages` to `mockanth` (Anthropic),
// `/v1/responses` to `mockresp`, all on the benchmark's mock.
//   node bench/minimal-gateway.mjs --upstream http://127.0.0.1:P --key sk-sy-… --db FILE [--port N]
//     [--skip usage,auth,parse,abort]   leave duties out, to see what each costs
// It serves the benchmark's requests (non-stream and stream) only; it is not a gateway to run.
import { createServer } from 'node:http';
import { hash, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import Database from 'better-sqlite3';
import { Pool } from 'undici';

const arg = (name, dflt) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : dflt);
const skip = new Set(arg('--skip', '').split(','));
const pool = new Pool(arg('--upstream'), { connections: 256, pipelining: 1 });
const keys = new Map([[hash('sha256', arg('--key'), 'hex'), { id: 'key_bench' }]]);
const OPENAI_HEADERS = { 'content-type': 'application/json', authorization: 'Bearer sk-mock' };
const ANTHROPIC_HEADERS = { 'content-type': 'application/json', 'x-api-key': 'sk-mock', 'anthropic-version': '2023-06-01' };
const price = { input: 1, output: 2 };
const providers = new Map([
  ['mock', { name: 'mock', api: 'chat', path: '/v1/chat/completions', headers: OPENAI_HEADERS, price }],
  ['mockanth', { name: 'mockanth', api: 'messages', path: '/v1/messages', headers: ANTHROPIC_HEADERS, price }],
  ['mockresp', { name: 'mockresp', api: 'responses', path: '/v1/responses', headers: OPENAI_HEADERS, price }],
]);
/** The client-facing routes: which API each speaks and the array its body must carry. */
const ROUTES = new Map([
  ['/v1/chat/completions', { api: 'chat', list: 'messages' }],
  ['/v1/messages', { api: 'messages', list: 'messages' }],
  ['/v1/responses', { api: 'responses', list: 'input' }],
]);
/** Where each API's usage counts are: OpenAI chat's prompt/completion tokens, Anthropic's and Responses' input/output. */
const USAGE_NAMES = { chat: ['prompt_tokens', 'completion_tokens'], messages: ['input_tokens', 'output_tokens'], responses: ['input_tokens', 'output_tokens'] };
const usageRes = Object.fromEntries(Object.entries(USAGE_NAMES).map(([api, [i, o]]) => [api, [new RegExp(`"${i}"\\s*:\\s*(\\d+)`), new RegExp(`"${o}"\\s*:\\s*(\\d+)`)]]));

const db = new Database(arg('--db'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec(`create table if not exists usage (request_id text primary key, ts bigint not null, key_id text, api text not null,
  stream integer not null, provider text, model text, combo text, input_tokens integer not null, output_tokens integer not null,
  cached_input_tokens integer not null, cost_usd double precision not null, latency_ms integer not null, ttfb_ms integer,
  status integer not null, error_code text, fallback_path text not null);
  create index if not exists usage_ts on usage (ts); create index if not exists usage_key_ts on usage (key_id, ts);`);
const insert = db.prepare('insert into usage values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
const insertAll = db.transaction((rows) => {
  for (const r of rows) {
    insert.run(r.id, r.ts, r.key, r.api, r.stream, r.provider, r.model, null, r.input, r.output, 0, r.cost, r.latency, r.ttfb, r.status, null, r.path);
  }
});
let queue = [];
const flush = () => {
  if (queue.length === 0) return;
  const rows = queue;
  queue = [];
  insertAll(rows);
};
setInterval(flush, 1000).unref();

// Time-ordered ids, as Switchyard's (the usage table's primary key stays append-only).
let random = Buffer.alloc(0);
let offset = 0;
function requestId(now) {
  if (offset + 6 > random.length) [random, offset] = [randomBytes(3072), 0];
  offset += 6;
  return 'req_' + now.toString(16).padStart(12, '0') + random.toString('hex', offset - 6, offset);
}

function fail(res, status, message) {
  const body = JSON.stringify({ error: { message, type: 'invalid_request_error', code: null } });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** The counts in the last `"usage"` of `buf`, null where it names none (an Anthropic message_delta has no input count). */
function usageOf(buf, api) {
  const tail = buf.toString('latin1', Math.max(0, buf.lastIndexOf('"usage"')));
  const [pi, po] = usageRes[api];
  const p = pi.exec(tail);
  const c = po.exec(tail);
  return { input: p ? Number(p[1]) : null, output: c ? Number(c[1]) : null };
}

function collect(stream) {
  return new Promise((resolve, reject) => {
    const parts = [];
    stream.on('data', (d) => parts.push(d));
    stream.on('end', () => resolve(parts.length === 1 ? parts[0] : Buffer.concat(parts)));
    stream.on('error', reject);
  });
}

/** The three headers SPEC §1 puts on every answer. */
function answerHeaders(id, provider, model) {
  return { 'x-request-id': id, 'x-switchyard-provider': provider.name, 'x-switchyard-model': model };
}

async function relayJson(up, res, id, provider, model, start) {
  const buf = await collect(up.body);
  const ttfb = Date.now() - start;
  res.writeHead(up.statusCode, { 'content-type': 'application/json', 'content-length': buf.length, ...answerHeaders(id, provider, model) });
  res.end(buf);
  const u = usageOf(buf, provider.api);
  return [up.statusCode, { input: u.input ?? 0, output: u.output ?? 0 }, ttfb];
}

// A stream is written on chunk by chunk; its usage is read from the chunks that carry it (chat: the
// include_usage chunk; Anthropic: message_start, then message_delta; Responses: response.completed),
// as Switchyard's pass-through does.
async function relayStream(up, res, id, provider, model, start) {
  res.writeHead(up.statusCode, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...answerHeaders(id, provider, model) });
  const ttfb = Date.now() - start;
  const usage = { input: 0, output: 0 };
  for await (const chunk of up.body) {
    if (chunk.lastIndexOf('"usage":{') !== -1) {
      const u = usageOf(chunk, provider.api);
      if (u.input !== null) usage.input = u.input;
      if (u.output !== null) usage.output = u.output;
    }
    res.write(chunk);
  }
  res.end();
  return [up.statusCode, usage, ttfb];
}

async function serve(req, res, key, start, route) {
  const raw = await collect(req);
  let body = { model: 'mock/bench-model', messages: [] };
  if (!skip.has('parse')) {
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return fail(res, 400, 'the request body is not valid JSON');
    }
    const list = body[route.list];
    if (typeof body.model !== 'string' || !(Array.isArray(list) || (route.list === 'input' && typeof list === 'string'))) {
      return fail(res, 400, `'model' and '${route.list}' are required`);
    }
  }
  const slash = body.model.indexOf('/');
  const provider = providers.get(body.model.slice(0, slash));
  if (!provider || provider.api !== route.api) return fail(res, 404, `unknown model '${body.model}'`);
  const model = body.model.slice(slash + 1);
  const quoted = JSON.stringify(body.model);
  // Spliced in the bytes: encoding a 1 MB string of agent text back to UTF-8 cost ~11 ms here.
  const at = raw.indexOf(quoted);
  const upstreamBody = at === -1 ? raw : Buffer.concat([raw.subarray(0, at), Buffer.from(JSON.stringify(model)), raw.subarray(at + Buffer.byteLength(quoted))]);
  let signal;
  if (!skip.has('abort')) {
    signal = new EventEmitter();
    res.on('close', () => {
      if (res.writableFinished) return;
      signal.aborted = true;
      signal.emit('abort');
    });
  }
  const id = requestId(start);
  let status = 502;
  let usage = { input: 0, output: 0 };
  let ttfb = null;
  try {
    const up = await pool.request({ path: provider.path, method: 'POST', headers: provider.headers, body: upstreamBody, signal });
    [status, usage, ttfb] = await (body.stream === true ? relayStream : relayJson)(up, res, id, provider, model, start);
  } catch {
    if (!res.headersSent) fail(res, 502, 'the upstream call failed');
  }
  if (skip.has('usage')) return;
  const cost = (usage.input * provider.price.input + usage.output * provider.price.output) / 1e6;
  const path = JSON.stringify([`${provider.name}/${model}:${status}`]);
  queue.push({ id, ts: start, key: key.id, api: route.api, stream: body.stream === true ? 1 : 0, provider: provider.name, model, input: usage.input, output: usage.output, cost, latency: Date.now() - start, ttfb, status, path });
  if (queue.length >= 500) setImmediate(flush);
}

const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  const start = Date.now();
  const q = req.url.indexOf('?');
  const route = ROUTES.get(q === -1 ? req.url : req.url.slice(0, q));
  if (!route) return fail(res, 404, 'unknown route');
  let key = { id: 'key_bench' };
  if (!skip.has('auth')) {
    const auth = req.headers.authorization;
    const presented = auth && auth.startsWith('Bearer ') ? auth.slice(7) : req.headers['x-api-key'];
    key = typeof presented === 'string' ? keys.get(hash('sha256', presented, 'hex')) : undefined;
    if (!key) return fail(res, 401, 'invalid API key');
  }
  serve(req, res, key, start, route).catch(() => res.destroy());
});

server.listen(Number(arg('--port', '0')), '127.0.0.1', () => {
  const addr = server.address();
  process.stdout.write(JSON.stringify({ port: typeof addr === 'object' && addr ? addr.port : 0 }) + '\n');
});
process.on('SIGTERM', () =>
  server.close(() => {
    flush();
    process.exit(0);
  }),
);
