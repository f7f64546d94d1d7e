import type { Command } from 'commander';
import { addGroup } from '../command-spec.js';
import { combosGroup } from './combos/index.js';
import { keysGroup } from './keys/index.js';
import { modelsGroup } from './models/index.js';
import { providersGroup } from './providers/index.js';

/** Every client command (everything but `start`), declared as data; code loads on use. */
export function registerClientCommands(program: Command): void {
  for (const group of [providersGroup, modelsGroup, keysGroup, combosGroup]) addGroup(program, group);
}
