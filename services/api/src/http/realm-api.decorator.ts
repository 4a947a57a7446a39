import { applyDecorators, Controller, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthGuard } from './auth.guard';

/**
 * Marks a controller of the realm's HTTP API at `path`: every route behind {@link AuthGuard}
 * (bearer token, role checked against the route's `Requires`), documented under `tag`. One
 * decorator, so that no controller can be added without the guard.
 */
export const RealmApi = (tag: string, path: string) =>
  applyDecorators(ApiTags(tag), ApiBearerAuth(), UseGuards(AuthGuard), Controller(path));
