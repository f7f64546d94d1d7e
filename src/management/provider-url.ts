import { isIP } from 'node:net';
import { SwitchyardError } from '../core/index.js';

/**
 * Hosts that answer instance-metadata requests (credentials of the machine
 * the gateway runs on). A provider URL pointing there would let anyone who
 * may add a provider read them through the gateway.
 */
const METADATA_HOSTS = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'metadata.azure.com',
  'instance-data',
  'instance-data.ec2.internal',
  '100.100.100.200', // Alibaba Cloud
  'fd00:ec2::254', // AWS IMDS over IPv6
]);

function ipv4Octets(host: string): number[] | null {
  if (isIP(host) !== 4) return null;
  return host.split('.').map(Number);
}

/** `::ffff:a9fe:a9fe` (how URL normalises `::ffff:169.254.169.254`) → its IPv4 octets. */
function mappedIpv4(host: string): number[] | null {
  const m = /^(?:0{0,4}:){0,5}:?ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(host);
  if (!m) {
    const dotted = /^(?:0{0,4}:){0,5}:?ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(host);
    return dotted ? ipv4Octets(dotted[1] as string) : null;
  }
  const hi = parseInt(m[1] as string, 16);
  const lo = parseInt(m[2] as string, 16);
  return [hi >> 8, hi & 255, lo >> 8, lo & 255];
}

/** 169.254.0.0/16, fe80::/10 (and IPv4-mapped link-local), or a known metadata host. */
export function isLinkLocalOrMetadata(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (METADATA_HOSTS.has(host)) return true;
  const v4 = ipv4Octets(host) ?? (isIP(host) === 6 ? mappedIpv4(host) : null);
  if (v4) return v4[0] === 169 && v4[1] === 254;
  if (isIP(host) === 6) {
    const first = parseInt(host.split(':')[0] || '0', 16);
    return (first & 0xffc0) === 0xfe80;
  }
  return false;
}

/**
 * Validates a provider base URL: http or https, no embedded credentials, not
 * link-local or a cloud metadata host unless explicitly allowed. Loopback and
 * private addresses are fine: local model servers live there. Returns the URL
 * without a trailing slash.
 */
export function validateProviderUrl(raw: string, opts: { allowLinkLocal: boolean }, field = 'baseUrl'): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SwitchyardError('VALIDATION_FAILED', `${field}: '${raw}' is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SwitchyardError('VALIDATION_FAILED', `${field}: only http and https URLs are allowed, got '${url.protocol}'`);
  }
  if (url.username || url.password) {
    throw new SwitchyardError('VALIDATION_FAILED', `${field}: must not contain credentials; pass the API key separately`);
  }
  if (url.search || url.hash) {
    throw new SwitchyardError('VALIDATION_FAILED', `${field}: must not contain a query string or fragment`);
  }
  if (!opts.allowLinkLocal && isLinkLocalOrMetadata(url.hostname)) {
    throw new SwitchyardError(
      'VALIDATION_FAILED',
      `${field}: ${url.hostname} is a link-local or cloud metadata address; set allowLinkLocalProviders to permit it`,
    );
  }
  return url.toString().replace(/\/+$/, '');
}
