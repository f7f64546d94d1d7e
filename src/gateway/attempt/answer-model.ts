/**
 * A native Messages answer names the model the client asked for, as translated
 * answers do, not the provider's id. Claude Code drops signed thinking blocks
 * from turns whose `model` differs from the one it is asking now (signatures
 * are bound to a model), so an answer saying `claude-sonnet-4-5` to a client
 * that asked for `anth/claude-sonnet-4-5` lost its thinking in the next tool
 * turn and the upstream refused it. Only the `model` pair is spliced; every
 * other byte goes through as it came.
 */
import { spliceModel } from './splice-model.js';

const MAX_HELD = 64 * 1024;

/** The JSON answer with its top-level `model` renamed; the bytes unchanged when it has none or cannot be spliced. */
export function renameJsonModel(raw: Buffer, body: unknown, requested: string): Buffer {
  const model = (body as { model?: unknown } | null)?.model;
  if (typeof model !== 'string' || model === requested) return raw;
  return spliceModel(raw, raw.toString('utf8'), model, requested) ?? raw;
}

/** The end of the first SSE event in `buf` (past its blank line), or -1. */
function firstEventEnd(buf: Buffer): number {
  const lf = buf.indexOf('\n\n');
  const crlf = buf.indexOf('\r\n\r\n');
  if (lf === -1) return crlf === -1 ? -1 : crlf + 4;
  return crlf === -1 || lf < crlf ? lf + 2 : crlf + 4;
}

/** The first event's text with `message.model` renamed (message_start), or null to leave it alone. */
function renameFirstEvent(event: Buffer, requested: string): Buffer | null {
  const text = event.toString('utf8');
  const data = /^data: ?(.*)$/m.exec(text)?.[1];
  if (!data) return null;
  let model: unknown;
  try {
    const o = JSON.parse(data) as { type?: unknown; message?: { model?: unknown } };
    if (o.type !== 'message_start') return null;
    model = o.message?.model;
  } catch {
    return null;
  }
  if (typeof model !== 'string' || model === requested) return null;
  return spliceModel(event, text, model, requested);
}

/**
 * Holds a stream's bytes until its first event (message_start) is whole,
 * renames the model there, and passes everything after it through untouched.
 * `push` returns what to send now (null: nothing yet); `flush` what is still held.
 */
export function streamModelRenamer(requested: string): { push(chunk: Buffer): Buffer | null; flush(): Buffer | null } {
  let held: Buffer | null = Buffer.alloc(0);
  return {
    push(chunk) {
      if (held === null) return chunk;
      const buf: Buffer = held.length === 0 ? chunk : Buffer.concat([held, chunk]);
      const end = firstEventEnd(buf);
      if (end === -1) {
        if (buf.length <= MAX_HELD) {
          held = buf;
          return null;
        }
        held = null;
        return buf;
      }
      held = null;
      const renamed = renameFirstEvent(buf.subarray(0, end), requested);
      return renamed ? Buffer.concat([renamed, buf.subarray(end)]) : buf;
    },
    flush() {
      const rest = held;
      held = null;
      return rest && rest.length > 0 ? rest : null;
    },
  };
}
