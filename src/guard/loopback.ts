/**
 * SPEC §3 "loopback": the socket's peer is a loopback address, AND no
 * forwarding header of any kind, AND the request did not come in through a
 * tunnel's ingress listener. Headers can only ever take loopback away.
 */
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

/** 127.0.0.0/8, ::1, ::ffff:127.0.0.0/104 — of the socket peer, never of a header. */
export function isLoopbackAddress(address: string): boolean {
  if (address === '::1' || address === '0:0:0:0:0:0:0:1') return true;
  const v4 = address.toLowerCase().startsWith('::ffff:') ? address.slice(7) : address;
  const parts = v4.split('.');
  if (parts.length !== 4 || parts[0] !== '127') return false;
  return parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/**
 * Headers a proxy, CDN or tunnel adds. Any one of them means the request was
 * relayed, so the loopback peer is the relay, not the client.
 */
const FORWARDING_HEADERS = new Set([
  'forwarded',
  'via',
  'x-real-ip',
  'x-client-ip',
  'x-cluster-client-ip',
  'x-original-forwarded-for',
  'cf-connecting-ip',
  'cf-connecting-ipv6',
  'true-client-ip',
  'fastly-client-ip',
]);
const FORWARDING_PREFIXES = ['x-forwarded-', 'tailscale-', 'ngrok-'];

export function hasForwardingHeader(headerNames: Iterable<string>): boolean {
  for (const raw of headerNames) {
    const name = raw.toLowerCase();
    if (FORWARDING_HEADERS.has(name)) return true;
    if (FORWARDING_PREFIXES.some((p) => name.startsWith(p))) return true;
  }
  return false;
}

/**
 * The tunnel hook: the ingress listener a tunnel forwards to marks each of its
 * sockets (`server.on('connection', markTunnelIngress)`); requests on a marked
 * socket are never loopback, whatever their peer address.
 */
const ingressSockets = new WeakSet<Socket>();

export function markTunnelIngress(socket: Socket): void {
  ingressSockets.add(socket);
}

export function isTunnelIngress(socket: Socket | undefined): boolean {
  return socket !== undefined && ingressSockets.has(socket);
}

/** The hostname of a Host header: `[::1]:20128` → `::1`, `Example.COM.:80` → `example.com`. */
export function hostnameOf(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    return end < 0 ? h : h.slice(1, end);
  }
  const colon = h.lastIndexOf(':');
  const name = colon >= 0 && h.indexOf(':') === colon ? h.slice(0, colon) : h;
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

/**
 * DNS-rebinding check for loopback requests: the Host must be a loopback name
 * (localhost, *.localhost, 127.x, ::1, any port) or one of the configured
 * hosts (the public URL's host, the address the server is bound to).
 */
export function isAllowedLoopbackHost(hostHeader: string | undefined, extraHosts: ReadonlySet<string>): boolean {
  // HTTP/1.1 requires Host and node refuses requests without it; a browser always sends one.
  if (hostHeader === undefined || hostHeader === '') return true;
  const name = hostnameOf(hostHeader);
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (isLoopbackAddress(name)) return true;
  return extraHosts.has(name);
}

/** Hosts allowed besides loopback names: the public URL's and a concrete bind address. */
export function configuredHosts(config: { host: string; publicUrl?: string | undefined }): Set<string> {
  const out = new Set<string>();
  const bind = config.host.toLowerCase();
  if (bind !== '0.0.0.0' && bind !== '::' && bind !== '') out.add(hostnameOf(bind.includes(':') ? `[${bind}]` : bind));
  if (config.publicUrl) {
    try {
      out.add(new URL(config.publicUrl).hostname.toLowerCase().replace(/^\[|\]$/g, ''));
    } catch {
      // The config schema validated it; nothing to add otherwise.
    }
  }
  return out;
}

/** The whole definition at the top of this file: loopback peer, no forwarding header, not tunnel ingress. */
export function isLoopbackRequest(socket: Socket | undefined, headerNames: Iterable<string>): boolean {
  return isLoopbackAddress(socket?.remoteAddress ?? '') && !hasForwardingHeader(headerNames) && !isTunnelIngress(socket);
}

/**
 * Step 0 of the pipeline on a raw request: a loopback request whose Host is
 * neither a loopback name nor a configured host. The server answers the public
 * health probe without the management plane only when this is false;
 * otherwise the guard refuses it.
 */
export function isForeignHostOnLoopback(req: IncomingMessage, hosts: ReadonlySet<string>): boolean {
  return isLoopbackRequest(req.socket, Object.keys(req.headers)) && !isAllowedLoopbackHost(req.headers.host, hosts);
}
