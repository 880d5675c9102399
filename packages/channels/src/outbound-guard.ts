import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { env } from '@nudgeflow/config';

/**
 * Outbound URLs from user configuration (webhooks, SMS provider base URLs) must not reach the private
 * network the worker runs in (SSRF): the host is resolved first and every address is checked against
 * loopback, private, link-local (cloud metadata), CGNAT, multicast and reserved ranges, unless the host
 * or a range is listed in env().OUTBOUND_ALLOWLIST. The caller then connects to the checked address,
 * not to the name, so a DNS answer cannot change between check and use.
 */
const BLOCKED = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  BLOCKED.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  // The unspecified and loopback addresses, and the deprecated IPv4-compatible form (::127.0.0.1).
  ['::', 96],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const) {
  BLOCKED.addSubnet(network, prefix, 'ipv6');
}

export class OutboundUrlError extends Error {
  override name = 'OutboundUrlError';
}

export interface CheckedTarget {
  url: URL;
  /** The address to connect to (already checked). */
  address: string;
  family: 4 | 6;
}

function allowlist(raw: string): { hosts: Set<string>; ranges: BlockList } {
  const hosts = new Set<string>();
  const ranges = new BlockList();
  for (const entry of raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)) {
    const [network, prefix] = entry.split('/');
    const family = network ? isIP(network) : 0;
    if (network && family) {
      const bits = prefix === undefined ? (family === 4 ? 32 : 128) : Number(prefix);
      ranges.addSubnet(network, bits, family === 4 ? 'ipv4' : 'ipv6');
    } else {
      hosts.add(entry.toLowerCase());
    }
  }
  return { hosts, ranges };
}

export async function checkOutboundUrl(
  raw: string,
  options: {
    allowlist?: string;
    resolve?: (host: string) => Promise<{ address: string; family: number }[]>;
  } = {},
): Promise<CheckedTarget> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundUrlError(`not a URL: ${raw}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new OutboundUrlError('only http(s) URLs are allowed');
  if (url.username || url.password) throw new OutboundUrlError('credentials in URLs are not allowed');
  // `localhost.` is `localhost`: the trailing dot of a fully qualified name must not dodge the checks.
  const host = url.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  const allowed = allowlist(options.allowlist ?? env().OUTBOUND_ALLOWLIST);
  const resolve = options.resolve ?? ((name: string) => lookup(name, { all: true, verbatim: true }));
  const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await resolve(host);
  if (addresses.length === 0) throw new OutboundUrlError(`${host} does not resolve`);
  for (const { address, family } of addresses) {
    const type = family === 6 ? 'ipv6' : 'ipv4';
    const permitted = allowed.hosts.has(host) || allowed.ranges.check(address, type);
    if (!permitted && isBlocked(address, type)) {
      throw new OutboundUrlError(`${host} resolves to ${address}, a private or reserved address`);
    }
  }
  const first = addresses[0] as { address: string; family: number };
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}

function isBlocked(address: string, type: 'ipv4' | 'ipv6'): boolean {
  if (type === 'ipv6') {
    // IPv4-mapped IPv6 (::ffff:10.0.0.1) is checked as the IPv4 address it is.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped?.[1]) return BLOCKED.check(mapped[1], 'ipv4');
  }
  return BLOCKED.check(address, type);
}
