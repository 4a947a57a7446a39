import { AwsError } from '../contracts';
import type { RegionState } from './state';
import { requireString, validationError, type Input } from './validation';

/** `[{Key, Value}]` from a request into a plain map. */
export function tagsFromInput(raw: unknown): Record<string, string> {
  if (raw === undefined || raw === null) return {};
  if (!Array.isArray(raw)) throw validationError('Tags must be a list.');
  const tags: Record<string, string> = {};
  for (const tag of raw as Array<{ Key?: unknown; Value?: unknown }>) {
    if (typeof tag?.Key !== 'string' || typeof tag.Value !== 'string')
      throw validationError('Tags must have a Key and a Value.');
    tags[tag.Key] = tag.Value;
  }
  return tags;
}

// Buses and rules are the taggable resources; find the tag map by ARN.
function tagsOf(region: RegionState, arn: string): Record<string, string> {
  for (const bus of region.buses.values()) {
    if (bus.arn === arn) return bus.tags;
    for (const rule of bus.rules.values()) if (rule.arn === arn) return rule.tags;
  }
  throw new AwsError('ResourceNotFoundException', `Resource ${arn} does not exist.`);
}

export function tagResource(region: RegionState, input: Input): Record<string, unknown> {
  Object.assign(tagsOf(region, requireString(input, 'ResourceARN')), tagsFromInput(input['Tags']));
  return {};
}

export function untagResource(region: RegionState, input: Input): Record<string, unknown> {
  const tags = tagsOf(region, requireString(input, 'ResourceARN'));
  const keys = input['TagKeys'];
  if (Array.isArray(keys)) for (const key of keys) delete tags[String(key)];
  return {};
}

export function listTagsForResource(region: RegionState, input: Input): Record<string, unknown> {
  const tags = tagsOf(region, requireString(input, 'ResourceARN'));
  return { Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) };
}
