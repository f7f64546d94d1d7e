export * from './types.js';
export { apiUrlOf, tunnelStatus } from './status.js';
export { createTunnelManager, type TokenStore, type TunnelManager } from './manager.js';
export { createCloudflaredBackend, CLOUDFLARED_STATE_FILE, cloudflaredArgs, isOurCloudflared } from './cloudflared.js';
export { installCloudflared, resolveCloudflared, cloudflaredAssetName, CLOUDFLARED_RELEASE_URL } from './cloudflared-install.js';
export { createNgrokBackend, NGROK_NEEDS_AUTH } from './ngrok.js';
export { createTailscaleBackend, type TailscaleBackend, type TailscaleCheck } from './tailscale.js';
