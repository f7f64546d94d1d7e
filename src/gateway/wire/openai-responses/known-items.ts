/**
 * A check of the `input` items that says yes only where responsesRequestSchema
 * would accept them as they are (#19). zod's union tries each item shape in
 * turn and builds an issue for every miss: on the few thousand items deep in a
 * Codex session that was an eighth of a translated request's CPU. When this
 * says yes the items are taken as parsed (zod would return equal copies); when
 * it says no, zod parses them and names the error exactly.
 */
const ROLES = new Set(['user', 'assistant', 'system', 'developer']);
const KNOWN = new Set(['message', 'function_call', 'function_call_output', 'custom_tool_call', 'custom_tool_call_output']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const filled = (v: unknown): boolean => typeof v === 'string' && v.length > 0;

/** contentPartSchema's last shape takes any object with a string `type`. */
function partsOk(v: unknown): boolean {
  if (typeof v === 'string') return true;
  if (!Array.isArray(v)) return false;
  for (const p of v) if (!isObject(p) || typeof p.type !== 'string') return false;
  return true;
}

function itemOk(item: unknown): boolean {
  if (!isObject(item)) return false;
  const t = item.type;
  if (t === undefined || t === 'message') return typeof item.role === 'string' && ROLES.has(item.role) && partsOk(item.content);
  if (typeof t !== 'string') return false;
  if (t === 'function_call') return filled(item.call_id) && filled(item.name) && typeof item.arguments === 'string';
  if (t === 'function_call_output' || t === 'custom_tool_call_output') return filled(item.call_id) && partsOk(item.output);
  if (t === 'custom_tool_call') return filled(item.call_id) && filled(item.name) && typeof item.input === 'string';
  return !KNOWN.has(t);
}

/** True when every item is one the schema takes unchanged; false: let zod decide. */
export function inputItemsOk(input: unknown): boolean {
  if (!Array.isArray(input)) return false;
  for (const item of input) if (!itemOk(item)) return false;
  return true;
}
