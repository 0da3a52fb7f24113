/**
 * Where pushes may go (CONTRACT.md, "Subscription URLs and delivery"). The sandbox is a local test double: by default
 * it POSTs receipts only to loopback receivers. `allowPushHosts` widens that to named hosts or addresses; nothing ever
 * widens it to link-local, unspecified, multicast or cloud-metadata addresses. A URL is checked when a subscription is
 * created (its literal address or its name, with no DNS query) and again at every delivery attempt, after resolving:
 * the connection then goes to the very address that was checked, so a name that rebinds between the two is caught.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { SandboxError } from '../errors';

/** One resolved address of a host name. */
export interface PushAddress {
  address: string;
  family: number;
}

/** Resolves a host name to every address it has (`dns.lookup` with `all: true` by default; tests inject a stub). */
export type PushLookup = (hostname: string) => Promise<readonly PushAddress[]>;

/** The resolver used when none is injected: the system's, like every other Node client. */
export const systemLookup: PushLookup = (hostname) => dnsLookup(hostname, { all: true });

/** The parsed allow-list of `allowPushHosts`. */
export interface PushHostAllowList {
  /** Host names, lower case, without a trailing dot. */
  readonly names: ReadonlySet<string>;
  /** Addresses and CIDR ranges. */
  readonly addresses: BlockList;
  /** The entries as given, for messages. */
  readonly entries: readonly string[];
}

/** Why a push target is refused: said in the problem's detail at creation, and why a delivery is dropped. */
export class PushTargetRefusedError extends Error {
  override name = 'PushTargetRefusedError';

  constructor(
    message: string,
    /** `url`: not a usable URL (scheme, credentials); `host`: a host or address the policy does not allow. */
    readonly kind: 'url' | 'host' = 'host',
  ) {
    super(message);
  }
}

function blockList(rules: readonly string[]): BlockList {
  const list = new BlockList();
  for (const rule of rules) {
    const [address, prefix] = rule.split('/') as [string, string];
    list.addSubnet(address, Number(prefix), isIP(address) === 6 ? 'ipv6' : 'ipv4');
  }
  return list;
}

// BlockList matches IPv4-mapped IPv6 addresses (::ffff:a9fe:a9fe) against the IPv4 rules, so those need no rules of their own.
const LOOPBACK = blockList(['127.0.0.0/8', '::1/128']);

// Never a push target, even when allow-listed: unspecified (0.0.0.0 reaches loopback services on Linux), link-local (the
// cloud metadata services at 169.254.169.254 and Tencent's 169.254.0.23), multicast, reserved and broadcast, the IETF
// protocol block (Oracle Cloud's 192.0.0.192), Alibaba Cloud's metadata (100.100.100.200), Azure's wire server
// (168.63.129.16), AWS's IPv6 metadata (fd00:ec2::254), and the IPv6 forms that embed an arbitrary IPv4 address
// (IPv4-compatible ::/96, NAT64 64:ff9b::/96 and 64:ff9b:1::/48, 6to4 2002::/16, Teredo 2001::/32).
const NEVER = blockList([
  '0.0.0.0/8',
  '169.254.0.0/16',
  '224.0.0.0/4',
  '240.0.0.0/4',
  '192.0.0.0/24',
  '100.100.100.200/32',
  '168.63.129.16/32',
  '::/96',
  'fe80::/10',
  'ff00::/8',
  'fd00:ec2::254/128',
  '64:ff9b::/96',
  '64:ff9b:1::/48',
  '2002::/16',
  '2001::/32',
]);

// Cloud metadata services by name (they resolve to the link-local addresses above, but a stub resolver or a hosts file may say otherwise).
const METADATA_NAMES = new Set(['metadata', 'metadata.google.internal', 'metadata.goog', 'metadata.azure.com', 'metadata.tencentyun.com', 'instance-data', 'instance-data.ec2.internal']);

function familyOf(address: string): 'ipv4' | 'ipv6' {
  return isIP(address) === 6 ? 'ipv6' : 'ipv4';
}

/** A URL's host as a bare name or address: lower case, no IPv6 brackets, no trailing dot. */
function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '').toLowerCase();
}

function isLoopbackName(name: string): boolean {
  // RFC 6761: localhost and *.localhost are loopback names; they are still resolved and checked at delivery.
  return name === 'localhost' || name.endsWith('.localhost');
}

function neverReason(address: string): string | undefined {
  if (LOOPBACK.check(address, familyOf(address))) return undefined;
  if (NEVER.check(address, familyOf(address))) return `${address} is an unspecified, link-local, multicast, reserved or cloud-metadata address; the sandbox never pushes there`;
  return undefined;
}

/**
 * Parses `allowPushHosts`: host names (`erp.test`), addresses (`10.0.0.5`, `fd12::5`) or CIDR ranges (`10.0.0.0/24`).
 * Refuses entries that are URLs, carry a port, or name a metadata host or a never-allowed address.
 */
export function parseAllowPushHosts(entries: readonly string[] | undefined): PushHostAllowList {
  const names = new Set<string>();
  const addresses = new BlockList();
  const fail = (entry: string, why: string): never => {
    throw new SandboxError('invalidRequest', 400, `Sandbox option allowPushHosts: "${entry}" ${why}. Give a host name (erp.test), an address (10.0.0.5) or a range (10.0.0.0/24).`);
  };
  for (const entry of entries ?? []) {
    if (typeof entry !== 'string' || entry.length === 0 || entry.length > 253) fail(String(entry), 'is not a host');
    const [address, prefix, extra] = entry.split('/');
    const bare = (address ?? '').replace(/^\[(.*)\]$/, '$1');
    if (isIP(bare) !== 0) {
      const max = isIP(bare) === 6 ? 128 : 32;
      const bits = prefix === undefined ? max : Number(prefix);
      if (extra !== undefined || !Number.isInteger(bits) || bits < 8 || bits > max) fail(entry, `has an invalid prefix length (from /8 to /${max})`);
      if (neverReason(bare) !== undefined) fail(entry, 'is an address the sandbox never pushes to (unspecified, link-local, multicast or cloud metadata)');
      addresses.addSubnet(bare, bits, familyOf(bare));
      continue;
    }
    const name = entry.replace(/\.$/, '').toLowerCase();
    if (!/^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/.test(name)) fail(entry, 'is not a host name (no scheme, port or path)');
    if (METADATA_NAMES.has(name)) fail(entry, 'is a cloud metadata host, which the sandbox never pushes to');
    names.add(name);
  }
  return { names, addresses, entries: [...(entries ?? [])] };
}

function widenHint(host: string): string {
  return `The sandbox pushes only to loopback receivers (127.0.0.1, [::1], localhost) unless started with --allow-push-host ${host} (option allowPushHosts).`;
}

/** Checks one address: loopback always, never-allowed never, otherwise only when allow-listed (by address, or by the name it was resolved from). */
function checkAddress(address: string, allow: PushHostAllowList, allowedByName: boolean): void {
  if (LOOPBACK.check(address, familyOf(address))) return;
  const never = neverReason(address);
  if (never !== undefined) throw new PushTargetRefusedError(`${never}.`);
  if (allowedByName || allow.addresses.check(address, familyOf(address))) return;
  throw new PushTargetRefusedError(`${address} is not a loopback address. ${widenHint(address)}`);
}

/**
 * Parses and checks a subscription URL at creation, without any DNS query: http or https, no credentials, and a host
 * that is a permitted address or a loopback or allow-listed name. Returns the normalised URL (no fragment).
 * @throws PushTargetRefusedError with the reason
 */
export function checkSubscriptionUrl(raw: string, allow: PushHostAllowList): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new PushTargetRefusedError('The subscription URL is not a URL.', 'url');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new PushTargetRefusedError(`A subscription URL must be http or https, got ${url.protocol.slice(0, 20)}.`, 'url');
  if (url.username !== '' || url.password !== '') throw new PushTargetRefusedError('A subscription URL must not carry credentials (user:password@): receivers check the webhook-signature of each push instead.', 'url');
  url.hash = '';
  const host = bareHost(url);
  if (isIP(host) !== 0) {
    checkAddress(host, allow, false);
    return url;
  }
  if (METADATA_NAMES.has(host)) throw new PushTargetRefusedError(`${host} is a cloud metadata host; the sandbox never pushes there.`);
  if (!isLoopbackName(host) && !allow.names.has(host)) throw new PushTargetRefusedError(`${host} is not a loopback name. ${widenHint(host)}`);
  return url;
}

/**
 * Resolves a subscription URL's host for one delivery attempt and checks every address it resolves to; the caller
 * connects to the returned address and to no other. A refusal is final (the delivery is dropped); a failed lookup is
 * an ordinary failed attempt.
 * @throws PushTargetRefusedError when the URL or an address is not allowed
 */
export async function resolvePushTarget(url: URL, allow: PushHostAllowList, lookup: PushLookup): Promise<PushAddress> {
  const checked = checkSubscriptionUrl(url.href, allow);
  const host = bareHost(checked);
  if (isIP(host) !== 0) return { address: host, family: isIP(host) };
  const addresses = await lookup(host);
  if (addresses.length === 0) throw new Error(`${host} did not resolve.`);
  // Every address is checked, not only the one used: a name that answers with a loopback and a metadata address is refused whole.
  for (const { address } of addresses) checkAddress(address, allow, allow.names.has(host));
  const [first] = addresses as [PushAddress];
  return { address: first.address, family: isIP(first.address) };
}

/** A subscription URL as `GET /v1/subscriptions` shows it: origin and path only, never credentials or the query (which may hold a secret). */
export function displayUrl(stored: string): string {
  try {
    const url = new URL(stored);
    return `${url.origin}${url.pathname}`;
  } catch {
    return '';
  }
}
