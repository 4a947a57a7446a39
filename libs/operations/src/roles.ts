/**
 * Realm-scoped roles, as the original's IAM groups `lava-<realm>-reader|operator|admin`: a reader
 * reads, an operator also dispatches, retries and pauses, an admin also manages API tokens.
 */
export const ROLES = ['reader', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What a request needs. */
export type Permission = 'read' | 'operate' | 'administer';

const LEAST_ROLE: Readonly<Record<Permission, Role>> = {
  read: 'reader',
  operate: 'operator',
  administer: 'admin',
};

/** True when `role` includes `permission` (roles are ordered: admin > operator > reader). */
export function allows(role: Role, permission: Permission): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(LEAST_ROLE[permission]);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Who is calling, once authenticated. */
export interface Principal {
  /** A token name, an OIDC subject, or `local` (a local realm without authentication). */
  name: string;
  role: Role;
}
