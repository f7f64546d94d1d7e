import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';

/** What is read and thrown away after a refused body, at most, before the socket is closed anyway. */
export const DRAIN_MAX_BYTES = 64 * 1024 * 1024;
export const DRAIN_MAX_MS = 10_000;

/**
 * Answers an error for a request whose body we will not read (413) without
 * cutting the client off mid-upload (#20 item 3): the rest of the body is read
 * and discarded (bounded in bytes and time), then the answer is written and
 * the connection closed. Closing while the client still sends makes `fetch`
 * see EPIPE/ECONNRESET instead of the 413 (curl copes; the OpenAI SDK reports
 * "Connection error."). Past the bounds the answer is written at once and the
 * socket closed behind it.
 */
export function answerThenDrain(req: IncomingMessage, res: ServerResponse, status: number, headers: OutgoingHttpHeaders, body: string): void {
  let answered = false;
  const answer = (): void => {
    if (answered) return;
    answered = true;
    clearTimeout(timer);
    req.off('data', onData);
    if (res.destroyed || res.headersSent) return;
    res.writeHead(status, { ...headers, connection: 'close' });
    res.end(body);
  };
  let seen = 0;
  const onData = (chunk: Buffer): void => {
    seen += chunk.length;
    if (seen > DRAIN_MAX_BYTES) answer();
  };
  const timer = setTimeout(answer, DRAIN_MAX_MS);
  timer.unref();
  if (req.complete || req.destroyed) return answer();
  req.on('data', onData);
  req.once('end', answer);
  req.once('close', answer);
  req.resume();
}
