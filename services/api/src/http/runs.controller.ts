import { Body, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiQuery } from '@nestjs/swagger';
import { RealmOperator, RealmReader, type Principal } from '@lava/operations';
import { DispatchAcceptedDto, DispatchBodyDto, OutputDto, RunDetailDto, RunLogsDto } from './api.dto';
import { CurrentPrincipal, Requires } from './auth.guard';
import { PagedList, RealmApi } from './realm-api.decorator';
import { limitParam, listParam, sinceParam, waitParam } from './query-params';

/** Run history: lists, one run with its log, children and outputs; retry. */
@RealmApi('runs', 'api/v1/runs')
export class RunsController {
  constructor(
    @Inject(RealmReader) private readonly reader: RealmReader,
    @Inject(RealmOperator) private readonly operator: RealmOperator,
  ) {}

  @Get()
  @Requires('read')
  @ApiOperation({ summary: 'runs, newest event first, by job, status and time' })
  @ApiQuery({ name: 'job_id', required: false })
  @ApiQuery({
    name: 'status',
    required: false,
    description: 'comma-separated statuses, e.g. failed,action_failed',
  })
  @ApiQuery({
    name: 'since',
    required: false,
    description: 'a duration back from now (1h, 2d) or an ISO instant',
  })
  @PagedList()
  list(
    @Query('job_id') jobId?: string,
    @Query('status') status?: string,
    @Query('since') since?: string,
    @Query('limit') limit?: string,
    @Query('cursor') cursor?: string,
  ) {
    return this.reader.listRuns({
      job_id: jobId || undefined,
      statuses: listParam(status),
      since: sinceParam(since, new Date()),
      limit: limitParam(limit),
      cursor,
    });
  }

  @Get(':run_id')
  @Requires('read')
  @ApiOperation({
    summary: 'one run: its events item (status, ordered log), children sharing its run_id, outputs',
  })
  @ApiOkResponse({ type: RunDetailDto })
  get(@Param('run_id') runId: string) {
    return this.reader.getRun(runId);
  }

  @Get(':run_id/logs')
  @Requires('read')
  @ApiOperation({
    summary:
      "output the run's processes wrote since `cursor`, while they run (long poll with `wait`); follow until `ended`",
  })
  @ApiQuery({ name: 'cursor', required: false, description: 'the `cursor` of the previous answer' })
  @ApiQuery({
    name: 'wait',
    required: false,
    type: Number,
    description: 'seconds (0-25) to wait for new output before answering with none',
  })
  @ApiOkResponse({ type: RunLogsDto })
  logs(@Param('run_id') runId: string, @Query('cursor') cursor?: string, @Query('wait') wait?: string) {
    return this.reader.runLogs(runId, { cursor: cursor || undefined, waitMs: waitParam(wait) * 1000 });
  }

  @Get(':run_id/outputs/:name')
  @Requires('read')
  @ApiOperation({ summary: 'the text of one output object of the run (stdout, stderr...)' })
  @ApiOkResponse({ type: OutputDto })
  output(@Param('run_id') runId: string, @Param('name') name: string) {
    return this.reader.readOutput(runId, name);
  }

  @Post(':run_id/retry')
  @HttpCode(202)
  @Requires('operate', 'retry')
  @ApiOperation({ summary: "dispatch a failed run's job again (operator)" })
  @ApiAcceptedResponse({ type: DispatchAcceptedDto })
  retry(@CurrentPrincipal() who: Principal, @Param('run_id') runId: string, @Body() body: DispatchBodyDto) {
    return this.operator.retry(who, runId, body ?? {});
  }
}
