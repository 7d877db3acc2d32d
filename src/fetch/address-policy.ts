import { BlockList, isIP } from 'node:net';

/**
 * Ranges the fetcher never connects to unless the host is allowed by name: this machine, private
 * networks, link-local (cloud metadata at 169.254.169.254 and fd00:ec2::254 included), carrier-grade
 * NAT (Alibaba's metadata at 100.100.100.200), multicast, and reserved or unspecified addresses.
 */
const FORBIDDEN = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) FORBIDDEN.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
] as const) FORBIDDEN.addSubnet(net, prefix, 'ipv6');

/**
 * True when an IP address is one the fetcher may connect to: a public unicast address. IPv6 forms
 * that carry an IPv4 address (`::ffff:10.0.0.1`, NAT64 `64:ff9b::a00:1`) are judged by that address.
 * Anything that is not an IP address is refused.
 *
 * @example isPublicAddress('93.184.216.34') // => true
 * @example isPublicAddress('169.254.169.254') // => false
 * @example isPublicAddress('::ffff:127.0.0.1') // => false
 */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !FORBIDDEN.check(address, 'ipv4');
  if (family !== 6) return false;
  const embedded = embeddedIpv4(address);
  if (embedded !== undefined) return isPublicAddress(embedded);
  return !FORBIDDEN.check(address, 'ipv6');
}

/** The IPv4 address inside an IPv4-mapped, IPv4-compatible or NAT64 IPv6 address. */
function embeddedIpv4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|::|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex) return undefined;
  const hi = parseInt(hex[1]!, 16);
  const lo = parseInt(hex[2]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}
