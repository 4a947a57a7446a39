import { bootstrap } from './bootstrap';

bootstrap().catch((err: unknown) => {
  process.stderr.write(
    `${JSON.stringify({ level: 'error', service: 'dispatcher', msg: 'dispatcher failed to start', error: (err as Error).message })}\n`,
  );
  process.exit(1);
});
