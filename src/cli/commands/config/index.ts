import type { GroupSpec } from '../../command-spec.js';

export const configGroup: GroupSpec = {
  name: 'config',
  description: "the server's settings (/api/settings)",
  commands: [
    { name: 'get [key]', description: 'show all settings, or one', load: () => import('./get.js') },
    {
      name: 'set <key> <value>',
      description: 'change a setting (true/false, numbers and JSON are parsed); security settings need admin',
      load: () => import('./set.js'),
    },
  ],
};
