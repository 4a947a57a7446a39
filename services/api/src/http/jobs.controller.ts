import { Body, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiQuery } from '@nestjs/swagger';
import { RealmOperator, RealmReader, type Principal } from '@lava/operations';
import { DispatchAcceptedDto, DispatchBodyDto, JobDetailDto } from './api.dto';
import { CurrentPrincipal, Requires } from './auth.guard';
import { PagedList, RealmApi } from './realm-api.decorator';
import { limitParam } from './query-params';

/** Jobs: list, one job with its validation status, dispatch. Job ids contain `/`: URL-encode them (`demo%2Fhello`). */
@RealmApi('jobs', 'api/v1/jobs')
export class JobsController {
  constructor(
    @Inject(RealmReader) private readonly reader: RealmReader,
    @Inject(RealmOperator) private readonly operator: RealmOperator,
  ) {}

  @Get()
  @Requires('read')
  @ApiOperation({ summary: 'jobs of the realm, by job_id' })
  @ApiQuery({ name: 'dispatcher', required: false })
  @PagedList()
  list(
    @Query('dispatcher') dispatcher?: string,
    @Query('limit') limit?: string,
    @Query('cursor') cursor?: string,
  ) {
    return this.reader.listJobs({ dispatcher, limit: limitParam(limit), cursor });
  }

  @Get(':job_id')
  @Requires('read')
  @ApiOperation({ summary: 'one job record and whether the dispatcher would accept it' })
  @ApiOkResponse({ type: JobDetailDto })
  get(@Param('job_id') jobId: string) {
    return this.reader.getJob(jobId);
  }

  @Post(':job_id/dispatch')
  @HttpCode(202)
  @Requires('operate', 'dispatch')
  @ApiOperation({ summary: 'dispatch the job (operator): publishes Dispatch Requested; returns the run id' })
  @ApiAcceptedResponse({ type: DispatchAcceptedDto })
  dispatch(
    @CurrentPrincipal() who: Principal,
    @Param('job_id') jobId: string,
    @Body() body: DispatchBodyDto,
  ) {
    return this.operator.dispatch(who, jobId, body ?? {});
  }
}
