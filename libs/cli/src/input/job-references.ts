import { enabledMode, referencedConnections, workerQueueName } from '@lava/core';
import { ConnectionsRepository, JobsRepository, listRealmQueues } from '../aws';
import type { CliContext } from '../cli-context';
import type { FileProblem } from '../errors';
import type { ValidRecord } from './validate-records';

/**
 * What the realm must hold for the jobs to run: every connection they name, and a queue for
 * every worker (errors); a dispatcher that no other job uses is probably a typo (warning).
 */
export async function checkJobReferences(
  ctx: CliContext,
  valid: ValidRecord[],
): Promise<{ problems: FileProblem[]; warnings: FileProblem[] }> {
  const realm = ctx.realm();
  const problems: FileProblem[] = [];
  const warnings: FileProblem[] = [];
  const connections = new ConnectionsRepository(ctx.clients().dynamo, realm);
  const jobs = new JobsRepository(ctx.clients().dynamo, realm);
  const queues = new Set((await listRealmQueues(ctx.clients().sqs, realm)).map((q) => q.name));
  const connCache = new Map<string, Promise<Record<string, unknown> | undefined>>();
  const dispatchers = new Map<string, Promise<string[]>>();
  const inFiles = new Set(valid.map((v) => v.id));
  for (const { file, id, record } of valid) {
    const where = { file, record: `job ${id}` };
    for (const ref of referencedConnections(record)) {
      if (!connCache.has(ref.conn_id)) connCache.set(ref.conn_id, connections.get(ref.conn_id));
      const conn = await connCache.get(ref.conn_id);
      if (!conn)
        problems.push({
          ...where,
          path: ref.path,
          message: `connection ${ref.conn_id} does not exist in realm ${realm} (add it first: lava connection put <file>)`,
        });
      else if (enabledMode(conn) === 'disabled')
        warnings.push({ ...where, path: ref.path, message: `connection ${ref.conn_id} is disabled` });
    }
    const worker = record.worker;
    if (typeof worker === 'string' && !queues.has(workerQueueName(realm, worker))) {
      problems.push({
        ...where,
        path: '/worker',
        message: `worker ${worker} has no queue in realm ${realm} (${workerQueueName(realm, worker)}; create it: lava worker create ${realm} ${worker})`,
      });
    }
    const dispatcher = record.dispatcher;
    if (typeof dispatcher === 'string') {
      if (!dispatchers.has(dispatcher))
        dispatchers.set(
          dispatcher,
          jobs.listByDispatcher(dispatcher).then((list) => list.map((j) => String(j.job_id))),
        );
      const others = (await dispatchers.get(dispatcher)!).filter((j) => !inFiles.has(j));
      const alsoHere = valid.some((v) => v.id !== id && v.record.dispatcher === dispatcher);
      if (!others.length && !alsoHere) {
        warnings.push({
          ...where,
          path: '/dispatcher',
          message: `no other job in realm ${realm} uses dispatcher ${dispatcher}: check the name (a scheduler must serve it)`,
        });
      }
    }
  }
  return { problems, warnings };
}
