/** Where a resource lives; state is kept per (account, region). */
export interface Scope {
  account: string;
  region: string;
}

export const DEFAULT_BUS = 'default';

/** `arn:aws:events:<r>:<a>:event-bus/<name>` */
export const busArn = (s: Scope, name: string): string =>
  `arn:aws:events:${s.region}:${s.account}:event-bus/${name}`;

/** Rules on the default bus omit the bus from their ARN; rules on custom buses include it. */
export const ruleArn = (s: Scope, bus: string, rule: string): string =>
  `arn:aws:events:${s.region}:${s.account}:rule/${bus === DEFAULT_BUS ? '' : `${bus}/`}${rule}`;

const BUS_ARN = /^arn:aws[\w-]*:events:[^:]*:[^:]*:event-bus\/(.+)$/;

/** Bus name from a name or a bus ARN; absent → `default`. */
export function busNameOf(nameOrArn: string | undefined): string {
  if (nameOrArn === undefined || nameOrArn === '') return DEFAULT_BUS;
  const m = BUS_ARN.exec(nameOrArn);
  return m ? (m[1] as string) : nameOrArn;
}
