import type { CommandSpec, GroupSpec } from '../../command-spec.js';

export const contextsGroup: GroupSpec = {
  name: 'contexts',
  description: 'saved servers and their credentials ($SWITCHYARD_HOME/config.json)',
  commands: [
    { name: 'list', description: 'list contexts (tokens masked)', remote: false, load: () => import('./list.js') },
    { name: 'use <name>', description: 'make a context the active one', remote: false, load: () => import('./use.js') },
    { name: 'remove <name>', description: 'forget a context', remote: false, load: () => import('./remove.js') },
  ],
};

export const contextGroup: GroupSpec = {
  name: 'context',
  description: 'the context commands target',
  commands: [{ name: 'current', description: 'the active server, auth kind and scope', load: () => import('./current.js') }],
};

export const whoamiCommand: CommandSpec = {
  name: 'whoami',
  description: 'who the server takes you for: credential kind, scope, expiry',
  load: () => import('./whoami.js'),
};
