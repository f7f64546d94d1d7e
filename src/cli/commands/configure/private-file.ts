/**
 * Reading and writing a client's config file: atomically (temp file in the same
 * directory, then rename, so a crash never leaves half a file) and 0600. A
 * symlinked config (dotfile managers) is written through to its target instead
 * of being replaced by a plain file.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CliError, EXIT } from '../../exit-codes.js';

function errnoCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

/** The file's text, or '' when it does not exist yet. */
export function readIfExists(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return '';
    throw new CliError(`cannot read ${file}: ${errnoCode(err) ?? String(err)}`, EXIT.error);
  }
}

function resolveTarget(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

export function writePrivateFile(file: string, text: string): void {
  const target = resolveTarget(file);
  const dir = dirname(target);
  const tmp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(tmp, text, { mode: 0o600, flag: 'wx' });
    chmodSync(tmp, 0o600);
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new CliError(`cannot write ${file}: ${errnoCode(err) ?? String(err)}`, EXIT.error);
  }
}
