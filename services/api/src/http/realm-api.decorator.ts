import { applyDecorators, Controller, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { PageDto } from './api.dto';
import { AuthGuard } from './auth.guard';

/**
 * Marks a controller of the realm's HTTP API at `path`: every route behind {@link AuthGuard}
 * (bearer token, role checked against the route's `Requires`), documented under `tag`. One
 * decorator, so that no controller can be added without the guard.
 */
export const RealmApi = (tag: string, path: string) =>
  applyDecorators(ApiTags(tag), ApiBearerAuth(), UseGuards(AuthGuard), Controller(path));

/**
 * Marks a route answering one page of a list (`{ items, next_cursor }`): its `limit` and `cursor`
 * query parameters and its response, documented alike on every list.
 */
export const PagedList = () =>
  applyDecorators(
    ApiQuery({ name: 'limit', required: false, type: Number }),
    ApiQuery({ name: 'cursor', required: false }),
    ApiOkResponse({ type: PageDto }),
  );
