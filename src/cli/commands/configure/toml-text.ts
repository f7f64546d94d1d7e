/**
 * Edits a user's TOML file as text. A TOML library would drop the user's
 * comments and layout when it writes the file back, so the library only
 * validates (before and after); the edit itself replaces our own table's lines
 * or appends them, and sets a few top-level keys line by line.
 */
import { parse, TomlError } from 'smol-toml';
import { CliError, EXIT } from '../../exit-codes.js';

/** A TOML string literal (basic string, JSON escaping is valid TOML escaping for these). */
export function tomlString(value: string): string {
  return JSON.stringify(value);
}

/** Parses or throws a CliError naming the file and the place of the mistake; nothing is written then. */
export function parseTomlOrFail(text: string, file: string): Record<string, unknown> {
  try {
    return parse(text) as Record<string, unknown>;
  } catch (err) {
    const where = err instanceof TomlError ? ` (line ${err.line}, column ${err.column})` : '';
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new CliError(`${file} is not valid TOML${where}: ${why}. Fix it, then run this again; nothing was changed.`, EXIT.error);
  }
}

const HEADER = /^\s*\[\[?\s*([^\]]*?)\s*\]\]?\s*(#.*)?$/;

/** `model_providers.switchyard`, `model_providers."switchyard"`, `"model_providers".switchyard` → parts. */
function headerPath(line: string): string[] | undefined {
  const m = HEADER.exec(line);
  if (!m || m[1] === undefined) return undefined;
  return m[1].split('.').map((p) => p.trim().replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1'));
}

function samePath(a: string[] | undefined, b: string[]): boolean {
  return a !== undefined && a.length === b.length && a.every((p, i) => p === b[i]);
}

const isBlankOrComment = (line: string): boolean => /^\s*(#.*)?$/.test(line);

/**
 * Replaces the table `[path]` (its header and key lines) with `body`, or
 * appends `body` when the file has no such table. Blank and comment lines at
 * the end of our table are left where they are: they usually introduce the
 * user's next table. Several copies of the table (a hand-edited file) collapse
 * into one, at the first copy's place.
 */
export function upsertTable(text: string, path: string[], body: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let placed = false;
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as string;
    if (!samePath(headerPath(line), path)) {
      out.push(line);
      i += 1;
      continue;
    }
    let end = i + 1;
    while (end < lines.length && headerPath(lines[end] as string) === undefined) end += 1;
    let keep = end;
    while (keep > i + 1 && isBlankOrComment(lines[keep - 1] as string)) keep -= 1;
    if (!placed) out.push(...body.replace(/\n+$/, '').split('\n'));
    placed = true;
    out.push(...lines.slice(keep, end));
    i = end;
  }
  if (placed) return out.join('\n');
  const base = text.replace(/\n*$/, '');
  return (base ? base + '\n\n' : '') + body.replace(/\n+$/, '') + '\n';
}

/**
 * Sets top-level `key = value` lines (the part before the first table):
 * replaces a key's line in place, or inserts the missing ones after the file's
 * leading comment block.
 */
export function setTopLevelKeys(text: string, values: Record<string, string>, leadingComment?: string): string {
  const lines = text === '' ? [] : text.split('\n');
  let firstHeader = lines.findIndex((l) => headerPath(l) !== undefined);
  if (firstHeader === -1) firstHeader = lines.length;
  const missing: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    const re = new RegExp(`^\\s*("?)${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\1\\s*=`);
    const at = lines.slice(0, firstHeader).findIndex((l) => re.test(l));
    if (at >= 0) lines[at] = `${key} = ${value}`;
    else missing.push(`${key} = ${value}`);
  }
  if (missing.length === 0) return lines.join('\n');
  let insertAt = 0;
  while (insertAt < firstHeader && /^\s*#/.test(lines[insertAt] as string)) insertAt += 1;
  const block = insertAt === 0 && leadingComment ? [leadingComment, ...missing] : missing;
  lines.splice(insertAt, 0, ...block);
  const joined = lines.join('\n');
  return joined.endsWith('\n') ? joined : joined + '\n';
}
