import type { GroupSpec } from '../../command-spec.js';

export const databaseGroup: GroupSpec = {
  name: 'database',
  description: 'export, import or wipe the whole database (admin)',
  commands: [
    {
      name: 'export',
      description: 'write every provider, key, combo, token and setting as JSON (secrets stay hashed/encrypted)',
      options: [{ flags: '--out <file>', description: 'write to this file (0600) instead of standard output' }],
      load: () => import('./export.js'),
    },
    { name: 'import <file>', description: 'replace everything with a snapshot (all or nothing)', load: () => import('./import.js') },
    {
      name: 'wipe',
      description: 'delete providers, keys, combos, tokens, usage and settings',
      options: [{ flags: '--yes', description: 'confirm: this cannot be undone' }],
      load: () => import('./wipe.js'),
    },
  ],
};
