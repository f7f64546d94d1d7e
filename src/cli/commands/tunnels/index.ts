import type { GroupSpec } from '../../command-spec.js';

export const tunnelsGroup: GroupSpec = {
  name: 'tunnels',
  description: 'public URLs for this gateway: cloudflared, ngrok, Tailscale Funnel',
  commands: [
    { name: 'status', description: 'state and public URL of every tunnel backend', load: () => import('./status.js') },
    {
      name: 'enable <backend>',
      description: 'start a tunnel (cloudflared | ngrok | tailscale) and wait for its public URL',
      options: [
        { flags: '--auth-token-stdin', description: 'ngrok: read the authtoken from stdin (saved encrypted on the server)' },
        { flags: '--sudo-password-stdin', description: 'tailscale: read a sudo password from stdin (used for this call only)' },
      ],
      load: () => import('./enable.js'),
    },
    { name: 'disable <backend>', description: 'stop a tunnel', load: () => import('./disable.js') },
    {
      name: 'tailscale <action>',
      description: 'tailscale helpers: check | install | start-daemon | login',
      options: [{ flags: '--sudo-password-stdin', description: 'read a sudo password from stdin (used for this call only)' }],
      load: () => import('./tailscale.js'),
    },
  ],
};
