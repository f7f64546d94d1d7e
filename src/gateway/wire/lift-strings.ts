/**
 * Long string literals lifted out of a JSON body, so that translating it
 * parses and re-encodes only the small rest (#19).
 *
 * An agent's 1 MB body is almost all long strings (tool output, file
 * contents, images) that a translator to a chat upstream only moves. Through
 * JSON.parse and JSON.stringify they cost a parse, a stringify and, on Node 20,
 * ~3 ns a byte more the first time the built text is turned into bytes (V8
 * flattens the string tree the stringifier built): most of the translated
 * path's CPU. Here each literal of at least `min` bytes becomes a placeholder
 * `"\u0000<n>\u0000"`, the translation runs on that skeleton, and the
 * placeholders in its output are replaced by the literals' original bytes:
 * valid JSON string content either way, so a placeholder may also end up
 * inside a longer string (parts joined) or several times.
 *
 * Only for a translator that treats string content as opaque (moves, joins,
 * tests for emptiness): one that parses a string (tool arguments into an
 * object) or trims it would see the placeholder. A skeleton that holds the
 * escape `\u0000` anywhere but in our placeholders (a short string of the
 * client's) is refused, so a placeholder can only be ours; a long literal may
 * hold it, since literals go back as bytes and are never searched.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MARK = '\\u0000';

export interface LiftedBody {
  /** The body with the long literals replaced (latin1 reading: one char per byte). */
  skeleton: string;
  /** Original bytes the skeleton's placeholders stand for (each literal's content, without its quotes). */
  literals: Buffer[];
  /** Where each placeholder starts in the skeleton (its opening quote), in order. */
  marks: number[];
}

/**
 * Null when nothing is long enough to lift, or a string left in the skeleton
 * holds `\u0000`. Expects JSON already known valid. A literal whose content
 * starts with `keepPrefix` stays (what the gateway must read, e.g. its
 * reasoning seals).
 */
export function liftLongStrings(bytes: Buffer, min: number, keepPrefix?: string): LiftedBody | null {
  const pieces: string[] = [];
  const literals: Buffer[] = [];
  const marks: number[] = [];
  let length = 0;
  let copied = 0;
  let pos = 0;
  for (;;) {
    // Outside a string every quote opens one: structure holds no other quote.
    const open = bytes.indexOf(QUOTE, pos);
    if (open === -1) break;
    const close = closingQuote(bytes, open + 1);
    if (close === -1) return null;
    if (close - open - 1 >= min && !isKey(bytes, close + 1) && !(keepPrefix && bytes.toString('latin1', open + 1, open + 1 + keepPrefix.length) === keepPrefix)) {
      const before = bytes.toString('latin1', copied, open);
      const mark = `"${MARK}${literals.length}${MARK}"`;
      marks.push(length + before.length);
      length += before.length + mark.length;
      pieces.push(before, mark);
      literals.push(bytes.subarray(open + 1, close));
      copied = close + 1;
    }
    pos = close + 1;
  }
  if (literals.length === 0) return null;
  pieces.push(bytes.toString('latin1', copied));
  const skeleton = pieces.join('');
  // Searched here, not in the whole body: the skeleton is a few percent of it.
  if (countOf(skeleton, MARK) !== 2 * literals.length) return null;
  return { skeleton, literals, marks };
}

function countOf(text: string, needle: string): number {
  let n = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) n++;
  return n;
}

/** The offset in the body's bytes of skeleton offset `at` (not inside a placeholder). */
export function bodyOffset(lifted: LiftedBody, at: number): number {
  let shift = 0;
  for (let i = 0; i < lifted.marks.length && (lifted.marks[i] as number) < at; i++) {
    shift += (lifted.literals[i] as Buffer).length + 2 - `"${MARK}${i}${MARK}"`.length;
  }
  return at + shift;
}

/** The quote that ends the string whose content starts at `from`: one not escaped by an odd run of backslashes. */
function closingQuote(bytes: Buffer, from: number): number {
  let q = from;
  for (;;) {
    q = bytes.indexOf(QUOTE, q);
    if (q === -1) return -1;
    let run = 0;
    while (bytes[q - 1 - run] === BACKSLASH) run++;
    if (run % 2 === 0) return q;
    q++;
  }
}

/** An object key is followed by `:` (after whitespace); keys stay, so the skeleton has the same members. */
function isKey(bytes: Buffer, at: number): boolean {
  let i = at;
  while (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09) i++;
  return bytes[i] === 0x3a;
}

/**
 * The bytes a translated skeleton stands for: its text (latin1: one byte a
 * char) with every placeholder replaced by its literal. Null when the text
 * holds a char past U+00FF or a `\u0000` that is not a whole placeholder (the
 * translator changed one): the caller translates the body whole instead.
 */
export function spliceLiterals(text: string, lifted: LiftedBody): Buffer | null {
  if (BEYOND_LATIN1.test(text)) return null;
  const parts: Buffer[] = [];
  let copied = 0;
  let at = text.indexOf(MARK);
  while (at !== -1) {
    const end = text.indexOf(MARK, at + MARK.length);
    if (end === -1) return null;
    const digits = text.slice(at + MARK.length, end);
    const literal = /^\d{1,9}$/.test(digits) ? lifted.literals[Number(digits)] : undefined;
    if (!literal) return null;
    parts.push(Buffer.from(text.slice(copied, at), 'latin1'), literal);
    copied = end + MARK.length;
    at = text.indexOf(MARK, copied);
  }
  parts.push(Buffer.from(text.slice(copied), 'latin1'));
  return Buffer.concat(parts);
}

const BEYOND_LATIN1 = /[^\x00-\xff]/; // eslint-disable-line no-control-regex -- the latin1 range is the point
