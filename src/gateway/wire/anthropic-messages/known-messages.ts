/**
 * A check of `messages` that says yes only where messagesRequestSchema would
 * accept them as they are (#19): the same reason and contract as
 * openai-responses/known-items.ts — zod's block union is most of what
 * validating a long Claude Code session costs, and a no sends it to zod.
 */
const ROLES = new Set(['user', 'assistant', 'system']);
const KNOWN = new Set(['text', 'image', 'tool_use', 'tool_result', 'thinking', 'redacted_thinking']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const filled = (v: unknown): boolean => typeof v === 'string' && v.length > 0;
const typed = (v: unknown): boolean => isObject(v) && typeof v.type === 'string';

/** A tool result's content: absent, text, or blocks (its union's last shape takes any object with a string `type`). */
function resultContentOk(v: unknown): boolean {
  if (v === undefined || typeof v === 'string') return true;
  return Array.isArray(v) && v.every(typed);
}

function blockOk(b: unknown): boolean {
  if (!isObject(b) || typeof b.type !== 'string') return false;
  switch (b.type) {
    case 'text':
      return typeof b.text === 'string';
    case 'image':
      return typed(b.source);
    case 'tool_use':
      return filled(b.id) && filled(b.name) && 'input' in b; // z.unknown() still wants the key
    case 'tool_result':
      return filled(b.tool_use_id) && resultContentOk(b.content) && (b.is_error === undefined || typeof b.is_error === 'boolean');
    case 'thinking':
      return typeof b.thinking === 'string';
    case 'redacted_thinking':
      return typeof b.data === 'string';
    default:
      return !KNOWN.has(b.type);
  }
}

function messageOk(m: unknown): boolean {
  if (!isObject(m) || typeof m.role !== 'string' || !ROLES.has(m.role)) return false;
  if (typeof m.content === 'string') return true;
  return Array.isArray(m.content) && m.content.every(blockOk);
}

/** True when every message is one the schema takes unchanged; false: let zod decide. */
export function messagesOk(messages: unknown): boolean {
  return Array.isArray(messages) && messages.every(messageOk);
}
