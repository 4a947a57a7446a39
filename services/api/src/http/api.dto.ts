import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// Shapes of the API's bodies for the OpenAPI document. The checks themselves happen in
// `@lava/operations` and `@lava/core` (one definition of each rule), not in decorators.

export class ErrorDto {
  @ApiProperty({ example: 'NOT_FOUND', description: 'stable code: match on it, never on the message' })
  code!: string;
  @ApiProperty({ example: 'job not found: etl/load' })
  message!: string;
}

export class DispatchBodyDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { vars: { day: '2024-05-01' } },
  })
  parameters?: Record<string, unknown>;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  globals?: Record<string, unknown>;
  @ApiPropertyOptional({
    oneOf: [{ type: 'number' }, { type: 'string' }],
    example: '90s',
    description: 'seconds or a duration, 0-15 minutes',
  })
  delay?: number | string;
  @ApiPropertyOptional({ description: 'merge nested maps key by key into the job parameters/globals' })
  deep_merge?: boolean;
}

export class PauseBodyDto {
  @ApiPropertyOptional({ example: 'database maintenance' })
  reason?: string;
}

export class DispatchAcceptedDto {
  @ApiProperty({ example: 'demo/hello' })
  job_id!: string;
  @ApiProperty({ example: '0b6f5c8e-8d0a-4c43-9a55-0f3f1d7e2a11' })
  run_id!: string;
  @ApiProperty()
  idempotency_key!: string;
}

export class DispatcherStateDto {
  @ApiProperty({ example: 'main' })
  dispatcher!: string;
  @ApiProperty()
  paused!: boolean;
}

export class PrincipalDto {
  @ApiProperty({ example: 'alice' })
  name!: string;
  @ApiProperty({ enum: ['reader', 'operator', 'admin'] })
  role!: string;
  @ApiProperty({ example: 'demo' })
  realm!: string;
}

/** A page of records (`items`) and the cursor of the next page. */
export class PageDto {
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  items!: Record<string, unknown>[];
  @ApiPropertyOptional({ description: 'pass as `cursor` for the next page; absent on the last page' })
  next_cursor?: string;
}

export class RunDetailDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'the events item: status, log, times',
  })
  run!: Record<string, unknown>;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  children!: Record<string, unknown>[];
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  outputs!: Record<string, unknown>[];
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'a fleet-mode foreach or dag: its policy, concurrency, outcome and child runs (key, job_id, run_id, status, nested fleet)',
  })
  fleet?: Record<string, unknown>;
}

export class RunLogsDto {
  @ApiProperty()
  run_id!: string;
  @ApiProperty()
  job_id!: string;
  @ApiProperty({ nullable: true, type: String })
  status!: string | null;
  @ApiProperty({
    type: 'array',
    items: {
      type: 'object',
      properties: { part: { type: 'string' }, stream: { type: 'string' }, text: { type: 'string' } },
    },
  })
  parts!: { part: string; stream: string; text: string }[];
  @ApiProperty({ nullable: true, type: String, description: 'pass as `cursor` to read what follows' })
  cursor!: string | null;
  @ApiProperty({ description: 'the run has ended and every part has been returned' })
  ended!: boolean;
}

export class OutputDto {
  @ApiProperty({ example: 'hello.sh.stdout' })
  name!: string;
  @ApiProperty()
  text!: string;
}

export class JobDetailDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'the stored record, secret-looking fields redacted',
  })
  job!: Record<string, unknown>;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { valid: true, errors: [], warnings: [] },
  })
  validation!: Record<string, unknown>;
}

export class QueueDto {
  @ApiProperty({ example: 'lava-demo-core' })
  queue!: string;
  @ApiProperty({ enum: ['worker', 'service'] })
  kind!: string;
  @ApiProperty({ example: 'core' })
  name!: string;
  @ApiProperty()
  visible!: number;
  @ApiProperty()
  in_flight!: number;
  @ApiProperty()
  delayed!: number;
  @ApiProperty({ nullable: true, type: 'number' })
  dead_letter!: number | null;
}
