import type { Json } from './json';

/**
 * Looks up a realm `config` key case-insensitively (Python upper-cased the keys on load).
 *
 * @example realmConfigValue({ event_ttl: '5d' }, 'EVENT_TTL') === '5d'
 */
export function realmConfigValue(config: Record<string, Json> | undefined, key: string): Json | undefined {
  if (!config) return undefined;
  const upper = key.toUpperCase();
  const hit = Object.keys(config).find((k) => k.toUpperCase() === upper);
  return hit === undefined ? undefined : config[hit];
}
