import { bootstrap } from './bootstrap';

bootstrap().catch((err: unknown) => {
  process.stderr.write(
    `${JSON.stringify({ level: 'error', service: 'scheduler', msg: 'scheduler failed to start', error: (err as Error).message })}\n`,
  );
  process.exit(1);
});
