// The floor: a bare pass-through proxy (node:http + undici Pool), no auth, no
// parsing. Request bodies are buffered and sent with a content-length (cheaper
// than piping for small bodies); response bodies are written on as they arrive,
// so SSE streams through. `node bench/bare-proxy.mjs --upstream http://127.0.0.1:P [--port N]`
import { createServer } from 'node:http';
import { Pool } from 'undici';

const arg = (name, dflt) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : dflt);
const pool = new Pool(arg('--upstream'), { connections: 256, pipelining: 1 });
const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host']);

const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  const parts = [];
  req.on('data', (d) => parts.push(d));
  req.on('end', async () => {
    try {
      const body = Buffer.concat(parts);
      const up = await pool.request({
        path: req.url,
        method: req.method,
        headers: { 'content-type': req.headers['content-type'] ?? 'application/json', authorization: req.headers.authorization ?? '' },
        body: body.length ? body : undefined,
      });
      const headers = {};
      for (const [k, v] of Object.entries(up.headers)) if (!HOP.has(k)) headers[k] = v;
      res.writeHead(up.statusCode, headers);
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
