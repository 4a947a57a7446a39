import {
  createParamDecorator,
  Inject,
  Injectable,
  SetMetadata,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { OperatorActionKind } from '@lava/core';
import {
  allows,
  PermissionDeniedError,
  RealmOperator,
  type Permission,
  type Principal,
} from '@lava/operations';
import { Authenticator } from './authenticator';

/** What a route needs, and for operating routes the audited action. */
interface Requirement {
  permission: Permission;
  action?: OperatorActionKind;
}

const REQUIREMENT = 'lava:requirement';

/** Marks a route with the permission it needs (and the action audited when it is refused). */
export const Requires = (permission: Permission, action?: OperatorActionKind) =>
  SetMetadata(REQUIREMENT, { permission, action } satisfies Requirement);

/** The request as the guard sees it (express underneath). */
interface GuardedRequest {
  headers: Record<string, string | string[] | undefined>;
  params: Record<string, string | undefined>;
  principal?: Principal;
}

/** The authenticated caller of the route (set by {@link AuthGuard}). */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<GuardedRequest>().principal!,
);

/**
 * Authenticates every API request and checks its role against the route's {@link Requires}.
 * A refused operating request is itself audited (`Operator Action`, outcome `refused`).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(Authenticator) private readonly authenticator: Authenticator,
    @Inject(RealmOperator) private readonly operator: RealmOperator,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const need = this.reflector.get<Requirement | undefined>(REQUIREMENT, ctx.getHandler());
    const req = ctx.switchToHttp().getRequest<GuardedRequest>();
    const header = req.headers.authorization;
    const principal = await this.authenticator.authenticate(Array.isArray(header) ? header[0] : header);
    req.principal = principal;
    const permission = need?.permission ?? 'read';
    if (allows(principal.role, permission)) return true;
    if (need?.action) {
      const { job_id, run_id, name } = req.params;
      await this.operator.refused(principal, need.action, { job_id, run_id, dispatcher: name }, 'FORBIDDEN');
    }
    throw new PermissionDeniedError(principal.role, permission);
  }
}
