import { createHmac } from 'node:crypto';

/**
 * Whether `key` (the server's raw public key blob) is listed for `host:port` in `lines`
 * (known_hosts(5) format: plain, `[host]:port`, `*` patterns and hashed `|1|salt|hash` names;
 * `@revoked` lines reject, `@cert-authority` lines are not supported and never match).
 *
 * @example hostKeyKnown(['[127.0.0.1]:2222 ssh-ed25519 AAAA...'], '127.0.0.1', 2222, blob)
 */
export function hostKeyKnown(lines: readonly string[], host: string, port: number, key: Buffer): boolean {
  const name = port === 22 ? host : `[${host}]:${port}`;
  const b64 = key.toString('base64');
  let known = false;
  for (const line of lines) {
    const fields = line.trim().split(/\s+/);
    const marker = fields[0]?.startsWith('@') ? fields.shift() : undefined;
    const [hosts, , keyB64] = fields;
    if (hosts === undefined || keyB64 !== b64 || !hostsMatch(hosts, name)) continue;
    if (marker === '@revoked') return false;
    if (marker === undefined) known = true;
  }
  return known;
}

function hostsMatch(hosts: string, name: string): boolean {
  let matched = false;
  for (const pattern of hosts.split(',')) {
    const negated = pattern.startsWith('!');
    const p = negated ? pattern.slice(1) : pattern;
    if (!(p.startsWith('|1|') ? hashedMatch(p, name) : globMatch(p, name))) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

function hashedMatch(entry: string, name: string): boolean {
  const [, , salt, hash] = entry.split('|');
  if (salt === undefined || hash === undefined) return false;
  return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
}

function globMatch(pattern: string, name: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 'i').test(name);
}
