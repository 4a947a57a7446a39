import { Body, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery } from '@nestjs/swagger';
import { RealmOperator, RealmReader, type Principal } from '@lava/operations';
import { DispatcherStateDto, PauseBodyDto, PrincipalDto, QueueDto } from './api.dto';
import { CurrentPrincipal, Requires } from './auth.guard';
import { PagedList, RealmApi } from './realm-api.decorator';
import { limitParam } from './query-params';

/** Who am I, schedules and dispatchers, triggers, queues. */
@RealmApi('realm', 'api/v1')
export class RealmController {
  constructor(
    @Inject(RealmReader) private readonly reader: RealmReader,
    @Inject(RealmOperator) private readonly operator: RealmOperator,
    @Inject('REALM') private readonly realm: string,
  ) {}

  @Get('whoami')
  @Requires('read')
  @ApiOperation({ summary: "the caller's name and role in this realm" })
  @ApiOkResponse({ type: PrincipalDto })
  whoami(@CurrentPrincipal() who: Principal) {
    return { ...who, realm: this.realm };
  }

  @Get('schedules')
  @Requires('read')
  @ApiOperation({ summary: 'next fires of every scheduled job, soonest first, and the paused dispatchers' })
  @ApiQuery({ name: 'count', required: false, type: Number, description: 'fires per job (default 3)' })
  @PagedList()
  schedules(
    @Query('count') count?: string,
    @Query('limit') limit?: string,
    @Query('cursor') cursor?: string,
  ) {
    const n = limitParam(count);
    return this.reader.schedules({
      count: n === undefined ? undefined : Math.min(Math.max(n, 1), 20),
      limit: limitParam(limit),
      cursor,
    });
  }

  @Post('dispatchers/:name/pause')
  @HttpCode(200)
  @Requires('operate', 'pause')
  @ApiOperation({
    summary: 'pause a dispatcher (operator): the scheduler stops firing its jobs until resumed',
  })
  @ApiOkResponse({ type: DispatcherStateDto })
  pause(@CurrentPrincipal() who: Principal, @Param('name') name: string, @Body() body: PauseBodyDto) {
    const reason = typeof body?.reason === 'string' ? body.reason.slice(0, 500) : undefined;
    return this.operator.pause(who, name, reason);
  }

  @Post('dispatchers/:name/resume')
  @HttpCode(200)
  @Requires('operate', 'resume')
  @ApiOperation({ summary: 'resume a paused dispatcher (operator)' })
  @ApiOkResponse({ type: DispatcherStateDto })
  resume(@CurrentPrincipal() who: Principal, @Param('name') name: string) {
    return this.operator.resume(who, name);
  }

  @Get('triggers')
  @Requires('read')
  @ApiOperation({ summary: 'S3 triggers and EventBridge rule triggers' })
  triggers() {
    return this.reader.triggers();
  }

  @Get('queues')
  @Requires('read')
  @ApiOperation({
    summary: 'depth, in-flight and dead-letter counts of every realm queue (approximate, from SQS)',
  })
  @ApiOkResponse({ type: QueueDto, isArray: true })
  async queues() {
    return { items: await this.reader.queues() };
  }
}
