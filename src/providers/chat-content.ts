/** Reading canonical chat content, shared by every adapter that converts it to another protocol. */
import type { ChatMessage } from '../core/index.js';

/** The text parts of a message's content, joined; images and other parts are skipped. */
export function textOf(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  return (content ?? []).map((p) => (p.type === 'text' ? String((p as { text: string }).text) : '')).join('');
}

/** `data:<mime>;base64,<data>` → its parts; any other URL → null. */
export function parseDataUrl(url: string): { mimeType: string; data: string } | null {
  const m = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  return m ? { mimeType: m[1] as string, data: m[2] as string } : null;
}

/** Tool-call arguments as an object; anything unparseable or not an object becomes `{}`. */
export function parseToolArguments(args: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(args || '{}');
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
