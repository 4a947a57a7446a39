import { bootstrap } from './bootstrap';

bootstrap().catch((err: unknown) => {
  process.stderr.write(
    `${JSON.stringify({ level: 'error', service: 'api', msg: 'api failed to start', error: (err as Error).message })}\n`,
  );
  process.exit(1);
});
