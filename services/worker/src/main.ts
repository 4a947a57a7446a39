import { bootstrap } from './bootstrap';

bootstrap().catch((err: unknown) => {
  process.stderr.write(
    `${JSON.stringify({ level: 'error', service: 'worker', msg: 'worker failed to start', error: (err as Error).message })}\n`,
  );
  process.exit(1);
});
