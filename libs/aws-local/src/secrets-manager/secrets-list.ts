import type { Secret } from './secrets-model';

/** ListSecrets: filters (prefix, `!` negates), creation-date order, paging. */
export function listSecrets(
  input: Record<string, unknown>,
  secrets: Secret[],
  describe: (secret: Secret) => Record<string, unknown>,
): Record<string, unknown> {
  const filters = (input.Filters as { Key: string; Values: string[] }[] | undefined) ?? [];
  const visible = secrets
    .filter((s) => s.deletedAt === undefined || input.IncludePlannedDeletion === true)
    .filter((s) => filters.every((f) => matchesFilter(s, f)));
  visible.sort((a, b) => (input.SortOrder === 'asc' ? a.createdAt - b.createdAt : b.createdAt - a.createdAt));
  const max = Number(input.MaxResults ?? 100);
  const start = input.NextToken ? Number(Buffer.from(String(input.NextToken), 'base64').toString()) || 0 : 0;
  const page = visible.slice(start, start + max).map((s) => {
    const { VersionIdsToStages, ...rest } = describe(s);
    return { ...rest, SecretVersionsToStages: VersionIdsToStages };
  });
  return {
    SecretList: page,
    ...(start + max < visible.length
      ? { NextToken: Buffer.from(String(start + max)).toString('base64') }
      : {}),
  };
}

function matchesFilter(secret: Secret, filter: { Key: string; Values: string[] }): boolean {
  const fields: Record<string, string[]> = {
    name: [secret.name],
    description: secret.description ? [secret.description] : [],
    'tag-key': secret.tags.map((t) => t.Key),
    'tag-value': secret.tags.map((t) => t.Value),
  };
  const candidates = filter.Key === 'all' ? Object.values(fields).flat() : (fields[filter.Key] ?? []);
  return filter.Values.some((raw) => {
    const negate = raw.startsWith('!');
    const value = (negate ? raw.slice(1) : raw).toLowerCase();
    const hit = candidates.some((c) => c.toLowerCase().startsWith(value));
    return negate ? !hit : hit;
  });
}
