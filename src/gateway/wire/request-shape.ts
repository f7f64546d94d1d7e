/**
 * The shape a canonical chat request must have before a translator reads it
 * (#20 item 2). The pass-through path forwards whatever the client sent and
 * lets the upstream judge it; a translator instead walks messages, parts and
 * tools, so a wrong type there (`content: 5`, a `null` message, `tools: {}`)
 * must be a 400 that names the field, never a TypeError and a 500. Unknown
 * fields and unknown part types still ride along: only the types of the fields
 * a translator reads are checked.
 */
import { SwitchyardError } from '../../core/index.js';

const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'function']);

type Obj = Record<string, unknown>;

function invalid(where: string, what: string): SwitchyardError {
  return new SwitchyardError('VALIDATION_FAILED', `invalid request: ${where}: ${what}`);
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const absent = (v: unknown): boolean => v === undefined || v === null;

const field = (where: string, key: string): string => (where ? `${where}.${key}` : key);

function optString(o: Obj, key: string, where: string): void {
  if (!absent(o[key]) && typeof o[key] !== 'string') throw invalid(field(where, key), 'must be a string');
}

function optNumber(o: Obj, key: string, where: string): void {
  const v = o[key];
  if (!absent(v) && (typeof v !== 'number' || !Number.isFinite(v))) throw invalid(field(where, key), 'must be a number');
}

function checkPart(p: unknown, where: string): void {
  if (!isObj(p)) throw invalid(where, 'a content part must be an object');
  if (typeof p.type !== 'string') throw invalid(`${where}.type`, 'must be a string');
  if (p.type === 'text' && typeof p.text !== 'string') throw invalid(`${where}.text`, 'must be a string');
  if (p.type === 'image_url') {
    const img = p.image_url;
    const url = isObj(img) ? img.url : img;
    if (typeof url !== 'string') throw invalid(`${where}.image_url.url`, 'must be a string');
  }
}

function checkContent(content: unknown, where: string): void {
  if (absent(content) || typeof content === 'string') return;
  if (!Array.isArray(content)) throw invalid(where, 'must be a string, an array of content parts or null');
  content.forEach((p, i) => checkPart(p, `${where}.${i}`));
}

function checkToolCalls(calls: unknown, where: string): void {
  if (absent(calls)) return;
  if (!Array.isArray(calls)) throw invalid(where, 'must be an array');
  calls.forEach((c, i) => {
    const at = `${where}.${i}`;
    if (!isObj(c)) throw invalid(at, 'a tool call must be an object');
    optString(c, 'id', at);
    if (!isObj(c.function)) throw invalid(`${at}.function`, 'must be an object');
    if (typeof c.function.name !== 'string') throw invalid(`${at}.function.name`, 'must be a string');
    optString(c.function, 'arguments', `${at}.function`);
  });
}

function checkMessage(m: unknown, i: number): void {
  const at = `messages.${i}`;
  if (!isObj(m)) throw invalid(at, 'a message must be an object');
  if (typeof m.role !== 'string' || !ROLES.has(m.role)) throw invalid(`${at}.role`, `must be one of ${[...ROLES].join(', ')}`);
  checkContent(m.content, `${at}.content`);
  checkToolCalls(m.tool_calls, `${at}.tool_calls`);
  optString(m, 'tool_call_id', at);
  optString(m, 'name', at);
}

function checkTools(tools: unknown): void {
  if (absent(tools)) return;
  if (!Array.isArray(tools)) throw invalid('tools', 'must be an array');
  tools.forEach((t, i) => {
    const at = `tools.${i}`;
    if (!isObj(t)) throw invalid(at, 'a tool must be an object');
    if (!absent(t.type) && typeof t.type !== 'string') throw invalid(`${at}.type`, 'must be a string');
    if (t.type !== undefined && t.type !== 'function') return; // other tool types are dropped by translators
    if (!isObj(t.function)) throw invalid(`${at}.function`, 'must be an object');
    if (typeof t.function.name !== 'string' || t.function.name === '') throw invalid(`${at}.function.name`, 'must be a non-empty string');
    optString(t.function, 'description', `${at}.function`);
    const params = t.function.parameters;
    if (!absent(params) && !isObj(params)) throw invalid(`${at}.function.parameters`, 'must be an object (a JSON Schema)');
    if (isObj(params) && !absent(params.properties) && !isObj(params.properties)) {
      throw invalid(`${at}.function.parameters.properties`, 'must be an object');
    }
  });
}

function checkToolChoice(choice: unknown): void {
  if (absent(choice) || typeof choice === 'string') return;
  if (!isObj(choice)) throw invalid('tool_choice', "must be 'none', 'auto', 'required' or an object");
  if (!absent(choice.function) && (!isObj(choice.function) || typeof choice.function.name !== 'string')) {
    throw invalid('tool_choice.function.name', 'must be a string');
  }
}

function checkStop(stop: unknown): void {
  if (absent(stop) || typeof stop === 'string') return;
  if (!Array.isArray(stop) || !stop.every((s) => typeof s === 'string')) throw invalid('stop', 'must be a string or an array of strings');
}

/** Throws a 400 naming the first field a translator could not read. */
export function checkTranslatable(chat: unknown): void {
  if (!isObj(chat)) throw invalid('body', 'must be a JSON object');
  if (!Array.isArray(chat.messages)) throw invalid('messages', 'must be an array');
  chat.messages.forEach(checkMessage);
  checkTools(chat.tools);
  checkToolChoice(chat.tool_choice);
  checkStop(chat.stop);
  for (const k of ['max_tokens', 'max_completion_tokens', 'temperature', 'top_p', 'n']) optNumber(chat, k, '');
  if (!absent(chat.response_format) && !isObj(chat.response_format)) throw invalid('response_format', 'must be an object');
  if (!absent(chat.parallel_tool_calls) && typeof chat.parallel_tool_calls !== 'boolean') throw invalid('parallel_tool_calls', 'must be a boolean');
  optString(chat, 'user', '');
}
