import type { HandlerContext, HandlerResult } from '@lava/core';
import type { JobHandler } from '../handler';
import { SharePointJob, type SharePointGraphOptions } from './sharepoint-job';

/**
 * Base of the SharePoint job types: each run is one {@link SharePointJob} (parameters, site,
 * connection, local or S3 files) built with the worker's Graph options; a subclass says what the
 * job does with it.
 */
export abstract class SharePointHandler implements JobHandler {
  abstract readonly type: string;

  constructor(private readonly graph: SharePointGraphOptions = {}) {}

  run(ctx: HandlerContext): Promise<HandlerResult> {
    return this.runJob(new SharePointJob(this.type, ctx, this.graph), ctx);
  }

  protected abstract runJob(job: SharePointJob, ctx: HandlerContext): Promise<HandlerResult>;
}
