import { promises as dns, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { types } from 'node:util';

import { RailError, RailErrorCode } from '@rail/core';

/** The `code` of the error that fails a connection whose host resolved to a blocked address. */
export const WEBHOOK_ADDRESS_BLOCKED = 'ERR_WEBHOOK_ADDRESS_BLOCKED';

/** Resolves a host name to all its addresses, as `dns.lookup` with `all: true` does. */
export type WebhookHostResolver = (hostname: string, options: LookupOptions) => Promise<LookupAddress[]>;

export interface SsrfGuardOptions {
  /** Hosts (exact names) and IPs/CIDRs (v4 or v6, e.g. '127.0.0.1', '10.0.0.0/8') allowed even though private. */
  allow?: readonly string[];
  /** Require https (production). */
  requireHttps?: boolean;
  /** `dns.lookup` unless replaced; tests replace it so they need no network DNS. */
  resolve?: WebhookHostResolver;
}

type Family = 'ipv4' | 'ipv6';
type Range = readonly [address: string, prefix: number, family: Family];

/**
 * Why an address may not receive webhooks, the most specific reason first. Ranges from the IANA
 * special-purpose registries; IPv4-mapped and NAT64 IPv6 addresses are judged by the IPv4 address
 * they carry, and IPv6 outside 2000::/3 (global unicast) is refused as reserved.
 */
const BLOCKED: ReadonlyArray<readonly [reason: string, ranges: readonly Range[]]> = [
  [
    'a cloud metadata address',
    [
      ['169.254.169.254', 32, 'ipv4'],
      ['100.100.100.200', 32, 'ipv4'], // Alibaba Cloud
      ['fd00:ec2::254', 128, 'ipv6'], // AWS over IPv6
    ],
  ],
  [
    'an unspecified address',
    [
      ['0.0.0.0', 8, 'ipv4'],
      ['::', 128, 'ipv6'],
    ],
  ],
  [
    'a loopback address',
    [
      ['127.0.0.0', 8, 'ipv4'],
      ['::1', 128, 'ipv6'],
    ],
  ],
  [
    'a private address',
    [
      ['10.0.0.0', 8, 'ipv4'],
      ['172.16.0.0', 12, 'ipv4'],
      ['192.168.0.0', 16, 'ipv4'],
      ['fc00::', 7, 'ipv6'], // unique local
      ['fec0::', 10, 'ipv6'], // site-local, deprecated but still routed inside some networks
    ],
  ],
  [
    'a link-local address',
    [
      ['169.254.0.0', 16, 'ipv4'],
      ['fe80::', 10, 'ipv6'],
    ],
  ],
  ['a carrier-grade NAT address', [['100.64.0.0', 10, 'ipv4']]],
  [
    'a multicast address',
    [
      ['224.0.0.0', 4, 'ipv4'],
      ['ff00::', 8, 'ipv6'],
    ],
  ],
  [
    'a reserved address',
    [
      ['192.0.0.0', 24, 'ipv4'], // IETF protocol assignments
      ['192.0.2.0', 24, 'ipv4'], // documentation
      ['192.88.99.0', 24, 'ipv4'], // 6to4 relay anycast
      ['198.18.0.0', 15, 'ipv4'], // benchmarking
      ['198.51.100.0', 24, 'ipv4'], // documentation
      ['203.0.113.0', 24, 'ipv4'], // documentation
      ['240.0.0.0', 4, 'ipv4'], // future use, and the broadcast address
      ['64:ff9b:1::', 48, 'ipv6'], // local-use NAT64
      ['2001::', 23, 'ipv6'], // IETF protocol assignments, Teredo among them
      ['2001:db8::', 32, 'ipv6'], // documentation
      ['2002::', 16, 'ipv6'], // 6to4, which tunnels to any IPv4 address
      ['3fff::', 20, 'ipv6'], // documentation
      ['5f00::', 16, 'ipv6'], // segment routing
    ],
  ],
];

const BLOCK_LISTS = BLOCKED.map(([reason, ranges]) => {
  const list = new BlockList();
  for (const [address, prefix, family] of ranges) list.addSubnet(address, prefix, family);
  return [reason, list] as const;
});

/** Refuses webhook URLs that reach internal networks, at creation and again at connect time. */
export class SsrfGuard {
  private readonly allowedHosts = new Set<string>();
  private readonly allowedAddresses = new BlockList();
  private readonly requireHttps: boolean;
  private readonly resolve: WebhookHostResolver;

  constructor(options: SsrfGuardOptions) {
    for (const entry of options.allow ?? []) this.addAllowed(entry);
    this.requireHttps = options.requireHttps ?? false;
    this.resolve = options.resolve ?? ((hostname, lookup) => dns.lookup(hostname, { ...lookup, all: true }));
  }

  /**
   * At creation/update: parses the URL and refuses it (RailError BAD_USER_INPUT, field 'url') unless it
   * is http(s) without credentials and every address its host resolves to may receive webhooks.
   */
  async assertAllowedUrl(url: string): Promise<URL> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw refused('Webhook URL is not a valid URL');
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      throw refused(`Webhook URL must use https${this.requireHttps ? '' : ' or http'}`);
    }
    if (this.requireHttps && parsed.protocol !== 'https:') throw refused('Webhook URL must use https');
    // Credentials in the URL would be stored and shown with it; receivers check the signature instead.
    if (parsed.username !== '' || parsed.password !== '') {
      throw refused('Webhook URL must not contain a user name or password');
    }
    const host = hostOf(parsed);
    if (host === '') throw refused('Webhook URL must name a host');
    if (this.allowedHosts.has(normalizeHost(host))) return parsed;

    // The URL parser has already turned decimal, octal and hex IPv4 forms into dotted quads.
    let addresses: string[];
    if (isIP(host) !== 0) {
      addresses = [host];
    } else {
      try {
        addresses = (await this.resolve(host, {})).map(({ address }) => address);
      } catch (error) {
        throw refused(`Webhook URL host "${host}" could not be resolved (${errorCode(error)})`);
      }
      if (addresses.length === 0) throw refused(`Webhook URL host "${host}" could not be resolved`);
    }
    for (const address of addresses) {
      const reason = this.blockReason(address, host);
      if (reason === undefined) continue;
      const resolved = address === host ? '' : ` resolves to ${address}, which`;
      throw refused(
        `Webhook URL host "${host}"${resolved} is ${reason}; internal networks cannot receive webhooks`,
      );
    }
    return parsed;
  }

  /** Whether one address may be connected to (used at connect time). */
  isAllowedAddress(address: string, host: string): boolean {
    return this.blockReason(address, host) === undefined;
  }

  /**
   * A `lookup` for http(s).request: resolves like dns.lookup, then fails the connection when any address
   * is blocked, so a host that resolved to a public address at creation and to an internal one now (DNS
   * rebinding) is still refused. Node skips `lookup` for IP literals: the caller must check those itself.
   */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    this.resolve(hostname, options).then(
      (addresses) => {
        for (const { address } of addresses) {
          const reason = this.blockReason(address, hostname);
          if (reason === undefined) continue;
          callback(blockedError(`${hostname} resolves to ${address}, which is ${reason}`), '');
          return;
        }
        if (addresses.length === 0) {
          callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '');
        } else if (options.all === true) {
          callback(null, addresses);
        } else {
          callback(null, addresses[0].address, addresses[0].family);
        }
      },
      (error: unknown) => {
        callback(types.isNativeError(error) ? error : new Error(String(error)), '');
      },
    );
  };

  /** Why the address is refused, or undefined when it may be connected to. */
  private blockReason(address: string, host: string): string | undefined {
    if (this.allowedHosts.has(normalizeHost(host))) return undefined;
    const ip = parseAddress(address);
    if (ip === undefined) return 'not an IP address';
    if (this.allowedAddresses.check(ip.address, ip.family)) return undefined;
    // Mapped and NAT64 addresses reach the IPv4 address they carry, so that is the one judged.
    const target = ip.family === 'ipv6' ? embeddedIpv4(ip.address) : undefined;
    if (target !== undefined && this.allowedAddresses.check(target, 'ipv4')) return undefined;
    const judged = target === undefined ? ip : { address: target, family: 'ipv4' as const };
    for (const [reason, list] of BLOCK_LISTS) {
      if (list.check(judged.address, judged.family)) return reason;
    }
    if (judged.family === 'ipv6' && !GLOBAL_UNICAST.check(judged.address, 'ipv6')) {
      return 'a reserved address';
    }
    return undefined;
  }

  private addAllowed(entry: string): void {
    const [address, prefix] = splitCidr(entry.trim());
    const ip = parseAddress(address);
    if (ip === undefined) {
      if (prefix !== undefined || !/^[a-z0-9._-]+$/i.test(address)) {
        throw new Error(`Webhook allow entry "${entry}" is neither a host name nor an IP or CIDR`);
      }
      this.allowedHosts.add(normalizeHost(address));
    } else if (prefix === undefined) {
      this.allowedAddresses.addAddress(ip.address, ip.family);
    } else {
      const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : Number.NaN;
      if (!(bits <= (ip.family === 'ipv4' ? 32 : 128))) {
        throw new Error(`Webhook allow entry "${entry}" has an invalid prefix length`);
      }
      this.allowedAddresses.addSubnet(ip.address, bits, ip.family);
    }
  }
}

/** 'address/prefix' split at the last slash; the prefix is undefined when there is no slash. */
function splitCidr(entry: string): [address: string, prefix: string | undefined] {
  const slash = entry.lastIndexOf('/');
  return slash === -1 ? [entry, undefined] : [entry.slice(0, slash), entry.slice(slash + 1)];
}

const GLOBAL_UNICAST = new BlockList();
GLOBAL_UNICAST.addSubnet('2000::', 3, 'ipv6');

function refused(message: string): RailError {
  return new RailError(RailErrorCode.BAD_USER_INPUT, message, { field: 'url' });
}

function blockedError(message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`Webhook address blocked: ${message}`), { code: WEBHOOK_ADDRESS_BLOCKED });
}

function errorCode(error: unknown): string {
  // isNativeError rather than instanceof: errors made by Node itself may come from another realm (Jest's vm).
  if (!types.isNativeError(error)) return String(error);
  return 'code' in error && typeof error.code === 'string' ? error.code : error.message;
}

/** The URL's host without the brackets around an IPv6 literal. */
function hostOf(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

/** Host names compare without case and without the trailing dot of a fully qualified name. */
function normalizeHost(host: string): string {
  return host.toLowerCase().replace(/\.$/, '');
}

/** An IP address and its family; a bracketed IPv6 literal or one with a zone (fe80::1%eth0) is accepted. */
function parseAddress(value: string): { address: string; family: Family } | undefined {
  const address = value.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const version = isIP(address);
  if (version === 0) return undefined;
  return { address, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/** The IPv4 address inside an IPv4-mapped (::ffff:0:0/96) or NAT64 (64:ff9b::/96) IPv6 address. */
function embeddedIpv4(address: string): string | undefined {
  const groups = ipv6Groups(address);
  const mapped = groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
  const nat64 =
    groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((group) => group === 0);
  if (!mapped && !nat64) return undefined;
  return [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join('.');
}

/** The eight 16-bit groups of a valid IPv6 address (compressed, or ending in a dotted quad). */
function ipv6Groups(address: string): number[] {
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const parse = (part: string | undefined): number[] =>
    part === undefined || part === ''
      ? []
      : part.split(':').flatMap((group) => {
          if (!group.includes('.')) return [parseInt(group, 16)];
          const [a, b, c, d] = group.split('.').map(Number);
          return [(a << 8) | b, (c << 8) | d];
        });
  const first = parse(head);
  const last = parse(tail);
  return [...first, ...Array<number>(8 - first.length - last.length).fill(0), ...last];
}
