import { homedir } from 'node:os';
import { join } from 'node:path';

/** `$SWITCHYARD_HOME` (default `~/.switchyard`): CLI contexts and, by default, server state. */
export function switchyardHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.SWITCHYARD_HOME || join(homedir(), '.switchyard');
}

export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(switchyardHome(env), 'state');
}

export function instanceDir(stateDir: string, instanceId: string): string {
  return join(stateDir, instanceId);
}
