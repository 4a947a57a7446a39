import type {
  ConnectorRegistry,
  ExecResult,
  ResolvedDbConnection,
  SqlDialect,
  SqlSession,
} from '@lava/connectors';

/** One statement a RecordingSession received, and whether a transaction was open. */
export interface Recorded {
  sql: string;
  inTransaction: boolean;
}

/**
 * A SqlSession double for engines no server here can run (Redshift, Aurora MySQL): it records
 * every statement and answers from `answers` (first regex that matches the statement), so tests
 * can assert the exact SQL and parameters the job issues. Catalogue queries answer "no rows".
 */
export class RecordingSession implements SqlSession {
  readonly statements: Recorded[] = [];
  inTransaction = false;
  closed = false;

  constructor(
    readonly dialect: SqlDialect,
    private readonly answers: Array<[RegExp, ExecResult | Error]> = [],
  ) {}

  async execute(sql: string): Promise<ExecResult> {
    this.statements.push({ sql, inTransaction: this.inTransaction });
    const answer = this.answers.find(([re]) => re.test(sql))?.[1];
    if (answer instanceof Error) throw answer;
    return answer ?? { rowCount: 0, columns: ['x'], rows: [] };
  }
  async stream(): Promise<never> {
    throw new Error('RecordingSession does not stream');
  }
  async begin(): Promise<void> {
    this.statements.push({ sql: 'BEGIN', inTransaction: this.inTransaction });
    this.inTransaction = true;
  }
  async commit(): Promise<void> {
    this.statements.push({ sql: 'COMMIT', inTransaction: this.inTransaction });
    this.inTransaction = false;
  }
  async rollback(): Promise<void> {
    this.statements.push({ sql: 'ROLLBACK', inTransaction: this.inTransaction });
    this.inTransaction = false;
  }
  async cancel(): Promise<void> {}
  async bulkLoad(): Promise<number> {
    throw new Error('RecordingSession: a server-side load must not stream rows');
  }
  quoteIdent(name: string): string {
    const q = this.dialect === 'mysql' ? '`' : '"';
    if (name.includes(q)) throw new Error(`bad identifier ${name}`);
    return `${q}${name}${q}`;
  }
  async close(): Promise<void> {
    this.closed = true;
  }

  /** Statements other than catalogue look-ups and transaction control. */
  work(): string[] {
    return this.statements
      .map((s) => s.sql)
      .filter((s) => !/^(BEGIN|COMMIT|ROLLBACK)$|information_schema|^SELECT 1 FROM/.test(s));
  }
}

/** A ConnectorRegistry stand-in whose `connect` hands out `session`. */
export function registryWith(session: SqlSession): ConnectorRegistry {
  return { connect: async () => session } as unknown as ConnectorRegistry;
}

/** A resolved database connection of `type` as the broker would release it (nothing reachable). */
export function fakeDbConnection(
  type: string,
  dialect: SqlDialect,
  canonicalType = type,
): ResolvedDbConnection {
  return {
    kind: 'database',
    connId: `${type}-conn`,
    type,
    canonicalType,
    dialect,
    spec: { conn_id: `${type}-conn`, type },
    secretValues: ['Db-Pw-Secret-1'],
    db: {
      host: 'db.example',
      port: 5439,
      user: 'loader',
      password: 'Db-Pw-Secret-1',
      database: 'dw',
      ssl: 'verify-full',
      preserveCase: false,
      iamToken: false,
    },
  };
}
