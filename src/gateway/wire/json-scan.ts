/**
 * Finds the top-level members of a JSON object in its bytes without parsing
 * the values (#19): a pass-through needs `model`, `stream` and a few more, not
 * a tree of a megabyte of conversation. Strings are skipped with
 * `Buffer.indexOf` (native memchr), so the cost is in the structure between
 * them, which is small in an agent's body.
 *
 * What it checks: the top level is one object with `"key": value` members
 * separated by commas; strings end; brackets nest and match. What it does not:
 * the syntax inside nested values (numbers, literals, commas, control
 * characters in strings) — the upstream parses the body anyway and answers a
 * malformed one with its own 400. Null means "use the full parse": not an
 * object, broken structure, a key holding a backslash (an escaped key could
 * spell `model`), or a key given twice (the full parse settles which wins).
 */

export interface Member {
  /** Byte offset of the key's opening quote. */
  keyStart: number;
  /** Byte range of the value. */
  start: number;
  end: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

export const isWhitespaceByte = (c: number | undefined): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

function skipWs(b: Buffer, i: number): number {
  while (i < b.length && isWhitespaceByte(b[i])) i++;
  return i;
}

/** Index after the closing quote of the string opening at `i`, or -1. */
function stringEnd(b: Buffer, i: number): number {
  let from = i + 1;
  for (;;) {
    const q = b.indexOf(QUOTE, from);
    if (q === -1) return -1;
    let slashes = 0;
    for (let k = q - 1; k > i && b[k] === BACKSLASH; k--) slashes++;
    if (slashes % 2 === 0) return q + 1;
    from = q + 1;
  }
}

/** Index after the array or object opening at `i` (brackets matched), or -1. */
function containerEnd(b: Buffer, i: number): number {
  const stack: number[] = [];
  for (let j = i; j < b.length; j++) {
    const c = b[j];
    if (c === QUOTE) {
      const e = stringEnd(b, j);
      if (e === -1) return -1;
      j = e - 1;
    } else if (c === 0x7b || c === 0x5b) {
      stack.push(c + 2); // '{' + 2 = '}', '[' + 2 = ']'
    } else if (c === 0x7d || c === 0x5d) {
      if (stack.pop() !== c) return -1;
      if (stack.length === 0) return j + 1;
    }
  }
  return -1;
}

/** Index after a number or literal: up to the next delimiter. */
function scalarEnd(b: Buffer, i: number): number {
  let j = i;
  while (j < b.length) {
    const c = b[j];
    if (c === 0x2c || c === 0x7d || c === 0x5d || isWhitespaceByte(c)) break;
    j++;
  }
  return j > i ? j : -1;
}

function valueEnd(b: Buffer, i: number): number {
  const c = b[i];
  if (c === QUOTE) return stringEnd(b, i);
  if (c === 0x7b || c === 0x5b) return containerEnd(b, i);
  return scalarEnd(b, i);
}

/** The top-level members by key (its raw bytes read as latin1: exact for ASCII names), or null. */
export function scanTopLevel(b: Buffer): Map<string, Member> | null {
  const members = new Map<string, Member>();
  let i = skipWs(b, 0);
  if (b[i] !== 0x7b) return null;
  i = skipWs(b, i + 1);
  if (b[i] === 0x7d) return skipWs(b, i + 1) === b.length ? members : null;
  for (;;) {
    if (b[i] !== QUOTE) return null;
    const keyStart = i;
    const keyEnd = stringEnd(b, i);
    if (keyEnd === -1) return null;
    const key = b.toString('latin1', i + 1, keyEnd - 1);
    if (key.includes('\\')) return null;
    i = skipWs(b, keyEnd);
    if (b[i] !== 0x3a) return null;
    const start = skipWs(b, i + 1);
    const end = valueEnd(b, start);
    if (end === -1) return null;
    if (members.has(key)) return null;
    members.set(key, { keyStart, start, end });
    i = skipWs(b, end);
    if (b[i] === 0x2c) {
      i = skipWs(b, i + 1);
      continue;
    }
    if (b[i] !== 0x7d) return null;
    return skipWs(b, i + 1) === b.length ? members : null;
  }
}

/** A member's value parsed (small values only: the caller picks which), or undefined when absent. */
export function memberValue(b: Buffer, m: Member | undefined): unknown {
  if (!m) return undefined;
  return JSON.parse(b.toString('utf8', m.start, m.end)) as unknown;
}
