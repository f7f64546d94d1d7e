import type { GroupSpec } from '../../command-spec.js';

export const keysGroup: GroupSpec = {
  name: 'keys',
  description: 'inference API keys (sk-sy-…) for /v1',
  commands: [
    { name: 'list', description: 'list keys (masked)', load: () => import('./list.js') },
    {
      name: 'add',
      description: 'create a key; prints it once',
      options: [
        { flags: '--name <name>', description: 'a name for the key (required)' },
        { flags: '--models <ids>', description: 'comma-separated allow-list of provider/model ids and combos' },
        { flags: '--rpm <n>', description: 'requests per minute limit' },
        { flags: '--daily-budget <usd>', description: 'spend limit per UTC day, USD' },
        { flags: '--monthly-budget <usd>', description: 'spend limit per UTC month, USD' },
        { flags: '--expires <days>', description: 'expire after this many days' },
      ],
      load: () => import('./add.js'),
    },
    { name: 'revoke <id-or-prefix>', description: 'revoke a key by id or by its shown prefix (sk-sy-AbC1…)', load: () => import('./revoke.js') },
  ],
};
