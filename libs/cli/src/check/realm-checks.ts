import { globMatch, isPlainObject } from '@lava/core';
import { UsageError } from '../errors';
import { templateIssues } from '../input/job-checks';

/**
 * The original's `lava-check` checks: each reads one table's records and returns the offending
 * items. Pure: the command loads the tables (one scan per table, however many checks use it).
 */

export type CheckTable = 'jobs' | 'connections' | 's3triggers';

/** One offending record. */
export interface CheckFinding {
  id: string;
  owner?: string;
  details?: string;
}

export interface CheckInput {
  records: Array<Record<string, unknown>>;
  /** For `joborphan`: whether a job has any run recorded. */
  hasRuns(jobId: string): Promise<boolean>;
}

export interface RealmCheck {
  name: string;
  description: string;
  table: CheckTable;
  /** Whether a record's `x-lava-nocheck` may switch the check off for it. */
  suppressible: boolean;
  /** Details of the problem with one record, or undefined when there is none. */
  check(record: Record<string, unknown>, input: CheckInput): Promise<string | undefined> | string | undefined;
}

const missingMetadata = (record: Record<string, unknown>): string | undefined => {
  const missing = ['description', 'owner'].filter((f) => !record[f]);
  return missing.length ? `Missing: ${missing.join(', ')}` : undefined;
};

/** `globals.<name>` or `globals['<name>']` in a template, `globals.lava` aside (Lava sets it). */
function referencedGlobals(job: Record<string, unknown>): Set<string> {
  const names = new Set<string>();
  const text = JSON.stringify({ ...job, globals: undefined });
  for (const m of text.matchAll(/\bglobals\s*(?:\.\s*([A-Za-z_]\w*)|\[\s*\\?["']([^"'\\]+)\\?["']\s*\])/g))
    names.add((m[1] ?? m[2])!);
  names.delete('lava');
  return names;
}

function jinjaProblems(job: Record<string, unknown>): string | undefined {
  if (job.parameters !== undefined && !isPlainObject(job.parameters)) return 'Parameters must be an object';
  const compile = templateIssues(job, String(job.job_id)).map((i) => `${i.path}: ${i.message}`);
  const declared = isPlainObject(job.globals) ? job.globals : {};
  const undeclared = [...referencedGlobals(job)].filter((g) => !(g in declared)).sort();
  const problems = [
    ...compile,
    ...(undeclared.length ? [`Undeclared globals: ${undeclared.join(', ')}`] : []),
  ];
  return problems.length ? problems.join('; ') : undefined;
}

/** Every check, by name (the original's names and descriptions). */
export const REALM_CHECKS: readonly RealmCheck[] = [
  {
    name: 'conmeta',
    description: 'Connection specs with missing metadata (e.g. description, owner)',
    table: 'connections',
    suppressible: false,
    check: missingMetadata,
  },
  {
    name: 'jobjinja',
    description: 'Job specs with Jinja rendering issues (templates that do not compile, undeclared globals)',
    table: 'jobs',
    suppressible: true,
    check: jinjaProblems,
  },
  {
    name: 'jobmeta',
    description: 'Job specs with missing metadata (e.g. description, owner)',
    table: 'jobs',
    suppressible: false,
    check: missingMetadata,
  },
  {
    name: 'joborphan',
    description: 'Jobs with no recorded run events',
    table: 'jobs',
    suppressible: true,
    check: async (job, input) => ((await input.hasRuns(String(job.job_id))) ? undefined : ''),
  },
  {
    name: 'jobrepo',
    description: "Job specs that don't appear to have an associated repo (x-lava-git-repo)",
    table: 'jobs',
    suppressible: true,
    check: (job) => (job['x-lava-git-repo'] ? undefined : ''),
  },
  {
    name: 'jobrsu',
    description: 'redshift_unload jobs with insecure set to true',
    table: 'jobs',
    suppressible: true,
    check: (job) =>
      job.type === 'redshift_unload' && isPlainObject(job.parameters) && job.parameters.insecure
        ? ''
        : undefined,
  },
  {
    name: 'trigmeta',
    description: 'S3trigger specs with missing metadata (e.g. description, owner)',
    table: 's3triggers',
    suppressible: false,
    check: missingMetadata,
  },
  {
    name: 'trigslash',
    description: 'S3trigger specs with prefix ending in slash',
    table: 's3triggers',
    suppressible: false,
    check: (t) =>
      typeof t.prefix === 'string' && t.prefix.endsWith('/') ? "Prefix ending with / won't work" : undefined,
  },
];

/** The checks matching any of `globs`; throws naming the globs that match none. */
export function selectChecks(globs: string[]): RealmCheck[] {
  const unmatched = globs.filter((g) => !REALM_CHECKS.some((c) => globMatch(g, c.name)));
  if (unmatched.length)
    throw new UsageError(
      `No matching check types: ${unmatched.sort().join(', ')} (lava check with no -c lists them)`,
    );
  return REALM_CHECKS.filter((c) => globs.some((g) => globMatch(g, c.name)));
}

/** `x-lava-nocheck`: one check name or a list of them. */
function suppressed(record: Record<string, unknown>, check: string): boolean {
  const marker = record['x-lava-nocheck'];
  return marker === check || (Array.isArray(marker) && marker.includes(check));
}

const KEY: Record<CheckTable, string> = { jobs: 'job_id', connections: 'conn_id', s3triggers: 'trigger_id' };

/** Runs one check over its table's records, sorted by id. */
export async function runCheck(
  check: RealmCheck,
  input: CheckInput,
  allowSuppression: boolean,
): Promise<CheckFinding[]> {
  const findings: CheckFinding[] = [];
  for (const record of input.records) {
    if (allowSuppression && check.suppressible && suppressed(record, check.name)) continue;
    const details = await check.check(record, input);
    if (details === undefined) continue;
    findings.push({
      id: String(record[KEY[check.table]]),
      ...(typeof record.owner === 'string' && record.owner ? { owner: record.owner } : {}),
      ...(details ? { details } : {}),
    });
  }
  return findings.sort((a, b) => a.id.localeCompare(b.id));
}

/** A markdown section: `# name: description` and a table of ID, Owner, Details (as the original). */
export function findingsMarkdown(check: RealmCheck, findings: CheckFinding[]): string {
  const rows = [['ID', 'Owner', 'Details'], ...findings.map((f) => [f.id, f.owner ?? '', f.details ?? ''])];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)) + 2);
  const line = (r: string[]) =>
    `|${r.map((c, i) => ` ${c.replace(/\|/g, '\\|')}`.padEnd(widths[i]!)).join('|')}|`;
  const rule = `|${widths.map((w) => '-'.repeat(w)).join('|')}|`;
  return [
    `# ${check.name}: ${check.description}`,
    '',
    line(rows[0]!),
    rule,
    ...rows.slice(1).map(line),
    '',
  ].join('\n');
}
