import type { GroupSpec } from '../../command-spec.js';

export const combosGroup: GroupSpec = {
  name: 'combos',
  description: 'named fallback chains of provider/model targets',
  commands: [
    { name: 'list', description: 'list combos', load: () => import('./list.js') },
    {
      name: 'add <name>',
      description: 'create a combo (use --replace to overwrite an existing one)',
      options: [
        { flags: '--strategy <strategy>', description: 'fallback | round-robin | weighted', default: 'fallback' },
        { flags: '--target <provider/model>', description: 'a target, in order; repeat for each', repeatable: true },
        { flags: '--weight <n>', description: 'weight of the target at the same position (weighted); repeat', repeatable: true },
        { flags: '--replace', description: 'replace the combo if it exists' },
      ],
      load: () => import('./add.js'),
    },
    { name: 'remove <name>', description: 'remove a combo', load: () => import('./remove.js') },
  ],
};
