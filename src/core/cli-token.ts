import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { sha256Hex } from './hash.js';

const SALT = 'switchyard-cli-token-v1';

/**
 * The machine's id: /etc/machine-id (or the D-Bus copy), else the hostname.
 * The one file read in core: the CLI and the server must derive the same value.
 */
export function readMachineId(): string {
  for (const f of ['/etc/machine-id', '/var/lib/dbus/machine-id']) {
    try {
      const id = readFileSync(f, 'utf8').trim();
      if (id) return id;
    } catch {}
  }
  return `host:${hostname()}`;
}

/** SPEC §3: the first 32 hex chars of SHA-256(machine id + salt). */
export function deriveCliToken(machineId: string = readMachineId()): string {
  return sha256Hex(machineId + SALT).slice(0, 32);
}

export const CLI_TOKEN_HEADER = 'x-switchyard-cli-token';
