// The floor: a bare pass-through proxy (node:http + undici Pool), no auth, no
// parsing; any path (chat, messages, responses) goes to the same path upstream.
// Request bodies are buffered and sent with a content-length (cheaper than
// piping for small bodies); response bodies are written on as they arrive, so
// SSE streams through. `node bench/bare-proxy.mjs --upstream http://127.0.0.1:P [--port N]`
import { createServer } from 'node:http';
import { Pool } from 'undici';

const arg = (name, dflt) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : dflt);
const pool = new Pool(arg('--upstream'), { connections: 256, pipelining: 1 });
const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host']);
// What an upstream needs of the request's headers: OpenAI's Bearer, Anthropic's key and version (and betas).
const FORWARD = ['authorization', 'x-api-key', 'anthropic-version', 'anthropic-beta', 'accept'];

const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  const parts = [];
  req.on('data', (d) => parts.push(d));
  req.on('end', async () => {
    try {
      const body = Buffer.concat(parts);
      const headers = { 'content-type': req.headers['content-type'] ?? 'application/json' };
      for (const h of FORWARD) if (req.headers[h] !== undefined) headers[h] = req.headers[h];
      const up = await pool.request({
        path: req.url,
        method: req.method,
        headers,
        body: body.length ? body : undefined,
      });
      const answer = {};
      for (const [k, v] of Object.entries(up.headers)) if (!HOP.has(k)) answer[k] = v;
      res.writeHead(up.statusCode, answer);
      for await (const chunk of up.body) res.write(chunk);
      res.end();
    } catch {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    }
  });
});

server.listen(Number(arg('--port', '0')), '127.0.0.1', () => {
  const addr = server.address();
  process.stdout.write(JSON.stringify({ port: typeof addr === 'object' && addr ? addr.port : 0 }) + '\n');
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
