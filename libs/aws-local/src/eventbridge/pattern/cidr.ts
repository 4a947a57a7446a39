import { EventPatternError } from './pattern-error';

/** A parsed CIDR block: network address bytes (4 for IPv4, 16 for IPv6) and prefix length. */
export interface CidrBlock {
  bytes: Uint8Array;
  maskBits: number;
}

const IPV4_PART = /^\d{1,3}$/;
const IPV6_GROUP = /^[0-9a-fA-F]{1,4}$/;

/** Parses a dotted-quad IPv4 address into 4 bytes, or undefined when it is not one. */
export function parseIpv4(text: string): Uint8Array | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const part = parts[i] as string;
    if (!IPV4_PART.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    bytes[i] = n;
  }
  return bytes;
}

/** Parses an IPv6 address (with `::` compression and an optional dotted-quad tail) into 16 bytes. */
export function parseIpv6(text: string): Uint8Array | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = splitGroups(halves[0] as string);
  const tail = halves.length === 2 ? splitGroups(halves[1] as string) : [];
  if (!head || !tail) return undefined;
  const words = [...head, ...tail];
  const missing = 8 - words.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  all.forEach((word, i) => {
    bytes[i * 2] = word >> 8;
    bytes[i * 2 + 1] = word & 0xff;
  });
  return bytes;
}

// Groups of one side of `::` as 16-bit words; a trailing dotted quad counts as two words.
function splitGroups(side: string): number[] | undefined {
  if (side === '') return [];
  const groups = side.split(':');
  const words: number[] = [];
  for (let i = 0; i < groups.length; i++) {
    const group = groups[i] as string;
    if (i === groups.length - 1 && group.includes('.')) {
      const v4 = parseIpv4(group);
      if (!v4) return undefined;
      words.push(((v4[0] as number) << 8) | (v4[1] as number), ((v4[2] as number) << 8) | (v4[3] as number));
    } else if (IPV6_GROUP.test(group)) {
      words.push(parseInt(group, 16));
    } else {
      return undefined;
    }
  }
  return words;
}

/** Parses an IPv4 or IPv6 address; undefined for anything else. */
export function parseIp(text: string): Uint8Array | undefined {
  return text.includes(':') ? parseIpv6(text) : parseIpv4(text);
}

/** Validates `a.b.c.d/n` or `x::/n`, throwing Ruler's messages for malformed blocks. */
export function parseCidr(text: string): CidrBlock {
  const parts = text.split('/');
  if (parts.length !== 2) throw new EventPatternError("Malformed CIDR, one '/' required");
  const [address, mask] = parts as [string, string];
  if (!/^\d+$/.test(mask)) throw new EventPatternError('Malformed CIDR, mask bits must be an integer');
  const bytes = parseIp(address);
  if (!bytes) throw new EventPatternError(`Nonstandard IP address: ${address}`);
  const maskBits = Number(mask);
  if (maskBits > bytes.length * 8)
    throw new EventPatternError('Malformed CIDR, mask bits must be an integer');
  return { bytes, maskBits };
}

/** True when `ip` (text) is an address of the same family inside `block`. */
export function cidrContains(block: CidrBlock, ip: string): boolean {
  const bytes = parseIp(ip);
  if (!bytes || bytes.length !== block.bytes.length) return false;
  let bits = block.maskBits;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((bytes[i] as number) & mask) !== ((block.bytes[i] as number) & mask)) return false;
  }
  return true;
}
