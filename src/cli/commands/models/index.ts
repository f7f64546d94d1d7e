import type { GroupSpec } from '../../command-spec.js';

export const modelsGroup: GroupSpec = {
  name: 'models',
  description: 'the catalog of addressable models and combos',
  commands: [
    {
      name: 'list',
      description: 'list provider/model ids and combos, with prices',
      options: [{ flags: '--provider <name>', description: 'only this provider\'s models' }],
      load: () => import('./list.js'),
    },
  ],
};
