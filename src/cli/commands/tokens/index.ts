import type { GroupSpec } from '../../command-spec.js';

export const tokensGroup: GroupSpec = {
  name: 'tokens',
  description: 'access tokens (sya_live_…) for the management API',
  commands: [
    {
      name: 'create',
      description: 'create an access token; prints it once',
      options: [
        { flags: '--name <name>', description: 'a name for the token (required)' },
        { flags: '--scope <scope>', description: 'read | write | admin (required)' },
        { flags: '--expires <days>', description: 'expire after this many days' },
      ],
      load: () => import('./create.js'),
    },
    { name: 'list', description: 'list tokens (masked)', load: () => import('./list.js') },
    { name: 'revoke <id-or-prefix>', description: 'revoke a token (and the tokens delegated from it)', load: () => import('./revoke.js') },
    { name: 'scopes', description: 'what each scope allows', remote: false, load: () => import('./scopes.js') },
  ],
};
