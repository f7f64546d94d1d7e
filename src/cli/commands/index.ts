import type { Command } from 'commander';
import { addCommand, addGroup } from '../command-spec.js';
import { combosGroup } from './combos/index.js';
import { configGroup } from './config/index.js';
import { configureGroup } from './configure/index.js';
import { connectCommand } from './connect/index.js';
import { contextGroup, contextsGroup, whoamiCommand } from './contexts/index.js';
import { databaseGroup } from './database/index.js';
import { keysGroup } from './keys/index.js';
import { mcpCommand } from './mcp/index.js';
import { modelsGroup } from './models/index.js';
import { costCommand, logsCommand, usageCommand } from './observe/index.js';
import { providersGroup } from './providers/index.js';
import { tokensGroup } from './tokens/index.js';
import { tunnelsGroup } from './tunnels/index.js';

/** Every client command (everything but `start`), declared as data; code loads on use. */
export function registerClientCommands(program: Command): void {
  addCommand(program, connectCommand);
  for (const group of [contextsGroup, contextGroup]) addGroup(program, group);
  addCommand(program, whoamiCommand);
  addGroup(program, tokensGroup);
  for (const group of [modelsGroup, providersGroup, keysGroup, combosGroup, configGroup]) addGroup(program, group);
  for (const cmd of [logsCommand, usageCommand, costCommand]) addCommand(program, cmd);
  addGroup(program, databaseGroup);
  addGroup(program, configureGroup);
  addGroup(program, tunnelsGroup);
  addCommand(program, mcpCommand);
}
