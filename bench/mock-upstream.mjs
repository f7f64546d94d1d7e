// A fast upstream mock for the benchmark: OpenAI Chat Completions, Anthropic
// Messages and OpenAI Responses. Answers are built once at start so the mock
// costs as little CPU as possible per request.
//   POST …/v1/chat/completions          non-stream: ~1 KB JSON; `"stream":true`: 20 content chunks
//   POST …/v1/messages[?beta=true]      Anthropic Messages: the same text as one message, or its SSE events
//                                        (message_start, content_block_start, ping, 18 text deltas, content_block_stop,
//                                        message_delta, message_stop)
//   POST …/v1/responses                 OpenAI Responses: the same text as one `response`, or its SSE events
//                                        (response.created … 18 output_text deltas … response.completed)
//   POST …/fail/v1/chat/completions     500 with an OpenAI error body (the combo's failing target)
//   POST …/slow/v1/chat/completions     as the first, but a stream sends a chunk every 20 ms (a real model's pace); usage and [DONE] follow the last at once
//   GET  /stats                          request counters (so the bench can see which targets and which API were hit)
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

// Anthropic Messages: what api.anthropic.com answers, from the same words.
const TEXT = words.repeat(8).trim();
const DELTAS = CHUNKS - 2; // as many text pieces as the chat stream has content chunks
const pieces = Array.from({ length: DELTAS }, (_, i) => `word${i + 1} `);
const anthropicMessage = Buffer.from(
  JSON.stringify({
    id: 'msg_bench0000000000000000000000',
    type: 'message',
    role: 'assistant',
    model: 'bench-model',
    content: [{ type: 'text', text: TEXT }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 24, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 160 },
  }),
);
const anthropicEvent = (type, data) => Buffer.from(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
const anthropicFrames = [
  anthropicEvent('message_start', {
    message: { id: 'msg_bench0000000000000000000000', type: 'message', role: 'assistant', model: 'bench-model', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 24, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 } },
  }),
  anthropicEvent('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
  anthropicEvent('ping', {}),
  ...pieces.map((text) => anthropicEvent('content_block_delta', { index: 0, delta: { type: 'text_delta', text } })),
  anthropicEvent('content_block_stop', { index: 0 }),
  anthropicEvent('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: DELTAS } }),
  anthropicEvent('message_stop', {}),
];

// OpenAI Responses: what api.openai.com answers on /v1/responses, from the same words.
const RESP_ID = 'resp_bench0000000000000000000000';
const MSG_ID = 'msg_bench0000000000000000000000';
const responsesUsage = (output) => ({ input_tokens: 24, input_tokens_details: { cached_tokens: 0 }, output_tokens: output, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 24 + output });
const outputText = (text) => ({ type: 'output_text', text, annotations: [] });
const messageItem = (text, status = 'completed') => ({ type: 'message', id: MSG_ID, status, role: 'assistant', content: text === null ? [] : [outputText(text)] });
const responseObject = (status, output, usage) => ({
  id: RESP_ID,
  object: 'response',
  created_at: created,
  status,
  error: null,
  incomplete_details: null,
  instructions: null,
  max_output_tokens: null,
  model: 'bench-model',
  output,
  parallel_tool_calls: true,
  previous_response_id: null,
  store: false,
  temperature: 1,
  text: { format: { type: 'text' } },
  tool_choice: 'auto',
  tools: [],
  top_p: 1,
  truncation: 'disabled',
  usage,
  metadata: {},
});
const responsesJson = Buffer.from(JSON.stringify(responseObject('completed', [messageItem(TEXT)], responsesUsage(160))));
const streamText = pieces.join('');
const responsesFrames = (() => {
  let seq = 0;
  const ev = (type, data) => Buffer.from(`event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq++, ...data })}\n\n`);
  const at = { item_id: MSG_ID, output_index: 0, content_index: 0 };
  return [
    ev('response.created', { response: responseObject('in_progress', [], null) }),
    ev('response.in_progress', { response: responseObject('in_progress', [], null) }),
    ev('response.output_item.added', { output_index: 0, item: messageItem(null, 'in_progress') }),
    ev('response.content_part.added', { ...at, part: outputText('') }),
    ...pieces.map((delta) => ev('response.output_text.delta', { ...at, delta, logprobs: [] })),
    ev('response.output_text.done', { ...at, text: streamText, logprobs: [] }),
    ev('response.content_part.done', { ...at, part: outputText(streamText) }),
    ev('response.output_item.done', { output_index: 0, item: messageItem(streamText) }),
    ev('response.completed', { response: responseObject('completed', [messageItem(streamText)], responsesUsage(DELTAS)) }),
  ];
})();

const failBody = Buffer.from(JSON.stringify({ error: { message: 'bench: upstream failure', type: 'server_error', code: null } }));
// ok/stream: chat; messages*/responses*: the other two APIs (so the bench can check which API a route reached).
const stats = { ok: 0, stream: 0, messages: 0, messagesStream: 0, responses: 0, responsesStream: 0, fail: 0, other: 0, connections: 0 };

// Each frame is written on its own turn of the event loop so the gateway sees
// separate reads, as from a real model, instead of one coalesced packet.
function sendStream(res, frames, modelFrames, gapMs = 0) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  let i = 0;
  const next = () => {
    if (res.destroyed) return;
    if (i === frames.length - 1) return void res.end(frames[i]);
    res.write(frames[i++]);
    // Slow streams pace the model's frames only: the usage frame and [DONE] follow the finish frame at
    // once, as from a real upstream. (Paced too, a gateway that adds include_usage upstream and drops the
    // usage frame for a client that did not ask showed a 40 ms gap at the end of every stream.)
    if (gapMs > 0 && i < modelFrames) setTimeout(next, gapMs);
    else setImmediate(next);
  };
  next();
}

const chatFrames = (includeUsage) => (includeUsage ? [...streamFrames, usageFrame, doneFrame] : [...streamFrames, doneFrame]);
const chatWithUsage = chatFrames(true);
const chatWithoutUsage = chatFrames(false);

function sendJson(res, buf) {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': buf.length });
  res.end(buf);
}

// Only the start and end of a body are searched: a 1 MB body must not cost the mock a full scan. A gateway
// that parses and re-serialises the body (Portkey) can move a member past the probe: only then, when the
// probe does not hold the member at all, is the whole body searched.
const PROBE = 4096;
const FLAGS = { stream: /"stream"\s*:\s*(true|false)/, include_usage: /"include_usage"\s*:\s*(true|false)/ };
const probeOf = (parts) => {
  const size = parts.reduce((n, p) => n + p.length, 0);
  if (size <= 2 * PROBE) return { text: Buffer.concat(parts).toString('latin1'), whole: true };
  const last = parts[parts.length - 1];
  return { text: parts[0].toString('latin1', 0, PROBE) + '\n' + last.toString('latin1', Math.max(0, last.length - PROBE)), whole: false };
};
function flag(parts, probe, name) {
  const m = FLAGS[name].exec(probe.text);
  if (m) return m[1] === 'true';
  if (probe.whole) return false;
  const all = Buffer.concat(parts);
  return all.includes(`"${name}":true`) || all.includes(`"${name}": true`);
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
    const path = url.split('?', 1)[0];
    const api = path.endsWith('/chat/completions') ? 'chat' : path.endsWith('/messages') ? 'messages' : path.endsWith('/responses') ? 'responses' : null;
    if (!api) {
      stats.other++;
      res.writeHead(404, { 'content-type': 'application/json' });
      return void res.end('{"error":{"message":"not found","type":"invalid_request_error"}}');
    }
    const probe = probeOf(parts);
    const stream = flag(parts, probe, 'stream');
    const gap = url.startsWith('/slow/') ? SLOW_GAP_MS : 0;
    if (api === 'messages') {
      stats[stream ? 'messagesStream' : 'messages']++;
      // Paced like chat: the message_delta and message_stop follow the last text at once.
      return stream ? sendStream(res, anthropicFrames, anthropicFrames.length - 3, gap) : sendJson(res, anthropicMessage);
    }
    if (api === 'responses') {
      stats[stream ? 'responsesStream' : 'responses']++;
      return stream ? sendStream(res, responsesFrames, 4 + DELTAS, gap) : sendJson(res, responsesJson);
    }
    if (stream) {
      stats.stream++;
      return sendStream(res, flag(parts, probe, 'include_usage') ? chatWithUsage : chatWithoutUsage, streamFrames.length, gap);
    }
    stats.ok++;
    sendJson(res, completion);
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
