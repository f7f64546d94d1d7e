// A fast OpenAI Chat Completions mock for the benchmark. Answers are built once
// at start so the mock costs as little CPU as possible per request.
//   POST …/v1/chat/completions          non-stream: ~1 KB JSON; `"stream":true`: 20 content chunks
//   POST …/fail/v1/chat/completions     500 with an OpenAI error body (the combo's failing target)
//   POST …/slow/v1/chat/completions     as the first, but a stream sends a chunk every 20 ms (a real model's pace); usage and [DONE] follow the last at once
//   GET  /stats                          request counters (so the bench can see which targets were hit)
// Run as its own process: `node bench/mock-upstream.mjs [--port N]`; prints `{"port":N}` on stdout.
import { createServer } from 'node:http';

const CHUNKS = 20;
const SLOW_GAP_MS = 20;
const created = Math.floor(Date.now() / 1000);
const words = 'The quick brown fox jumps over the lazy dog while the gateway keeps every request cheap and fast. ';

const completion = Buffer.from(
  JSON.stringify({
    id: 'chatcmpl-bench0000000000000000000000',
    object: 'chat.completion',
    created,
    model: 'bench-model',
    system_fingerprint: 'fp_bench',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: words.repeat(8).trim(), refusal: null },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage: { prompt_tokens: 24, completion_tokens: 160, total_tokens: 184 },
  }),
);

function chunk(delta, finish, usage) {
  const c = {
    id: 'chatcmpl-bench0000000000000000000000',
    object: 'chat.completion.chunk',
    created,
    model: 'bench-model',
    system_fingerprint: 'fp_bench',
    choices: usage ? [] : [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  };
  if (usage) c.usage = usage;
  return Buffer.from(`data: ${JSON.stringify(c)}\n\n`);
}

const streamFrames = [chunk({ role: 'assistant', content: '' }, null)];
for (let i = 1; i < CHUNKS - 1; i++) streamFrames.push(chunk({ content: `word${i} ` }, null));
streamFrames.push(chunk({}, 'stop'));
const usageFrame = chunk(null, null, { prompt_tokens: 24, completion_tokens: 20, total_tokens: 44 });
const doneFrame = Buffer.from('data: [DONE]\n\n');

const failBody = Buffer.from(JSON.stringify({ error: { message: 'bench: upstream failure', type: 'server_error', code: null } }));
const stats = { ok: 0, stream: 0, fail: 0, other: 0, connections: 0 };

// Each frame is written on its own turn of the event loop so the gateway sees
// separate reads, as from a real model, instead of one coalesced packet.
function sendStream(res, includeUsage, gapMs = 0) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const frames = includeUsage ? [...streamFrames, usageFrame, doneFrame] : [...streamFrames, doneFrame];
  let i = 0;
  const next = () => {
    if (res.destroyed) return;
    if (i === frames.length - 1) return void res.end(frames[i]);
    res.write(frames[i++]);
    // Slow streams pace the model's frames only: the usage frame and [DONE] follow the finish frame at
    // once, as from a real upstream. (Paced too, a gateway that adds include_usage upstream and drops the
    // usage frame for a client that did not ask showed a 40 ms gap at the end of every stream.)
    if (gapMs > 0 && i < streamFrames.length) setTimeout(next, gapMs);
    else setImmediate(next);
  };
  next();
}

const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  const url = req.url ?? '/';
  if (req.method === 'GET' && url === '/stats') {
    res.writeHead(200, { 'content-type': 'application/json' });
    return void res.end(JSON.stringify(stats));
  }
  if (req.method === 'GET' && url.endsWith('/models')) {
    res.writeHead(200, { 'content-type': 'application/json' });
    return void res.end(JSON.stringify({ object: 'list', data: [{ id: 'bench-model', object: 'model', owned_by: 'bench' }] }));
  }
  const parts = [];
  req.on('data', (d) => parts.push(d));
  req.on('end', () => {
    if (url.startsWith('/fail/')) {
      stats.fail++;
      res.writeHead(500, { 'content-type': 'application/json', 'content-length': failBody.length });
      return void res.end(failBody);
    }
    if (!url.endsWith('/chat/completions')) {
      stats.other++;
      res.writeHead(404, { 'content-type': 'application/json' });
      return void res.end('{"error":{"message":"not found","type":"invalid_request_error"}}');
    }
    // Only the start of the body is searched: a 1 MB body must not cost the mock a full scan.
    const head = parts.length ? parts[0].toString('latin1', 0, 4096) : '';
    const tail = parts.length ? parts[parts.length - 1].toString('latin1', Math.max(0, parts[parts.length - 1].length - 4096)) : '';
    const probe = head + tail;
    if (/"stream"\s*:\s*true/.test(probe)) {
      stats.stream++;
      return sendStream(res, /"include_usage"\s*:\s*true/.test(probe), url.startsWith('/slow/') ? SLOW_GAP_MS : 0);
    }
    stats.ok++;
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': completion.length });
    res.end(completion);
  });
});

server.on('connection', () => stats.connections++);

const portArg = process.argv.indexOf('--port');
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 0;
server.listen(port, '127.0.0.1', () => {
  const addr = server.address();
  process.stdout.write(JSON.stringify({ port: typeof addr === 'object' && addr ? addr.port : port }) + '\n');
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
