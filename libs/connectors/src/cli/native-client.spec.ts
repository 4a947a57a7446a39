import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClientUnavailableError, ConnectionUnsupportedError } from '../errors';
import type { DbParams, ResolvedDbConnection } from '../model/connection';
import { findExecutable, mysqlSslArgs, nativeClientCommand } from './native-client';
import { renderConnectionEnv } from './connection-env';

const PW = 'p:w\\"q\'z';
let root: string;
let bin: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'lava-cli-spec-'));
  bin = join(root, 'bin');
  mkdirSync(bin);
  for (const name of ['psql', 'mysql', 'sqlite3', 'sqlplus']) {
    writeFileSync(join(bin, name), '#!/bin/sh\n');
    chmodSync(join(bin, name), 0o755);
  }
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function db(dialect: ResolvedDbConnection['dialect'], extra: Partial<DbParams> = {}): ResolvedDbConnection {
  return {
    kind: 'database',
    connId: 'c',
    type: dialect === 'postgresql' ? 'postgres' : dialect,
    canonicalType: dialect,
    dialect,
    spec: { conn_id: 'c', type: dialect },
    db: {
      host: 'h',
      port: 99,
      user: 'u',
      password: PW,
      database: 'd',
      ssl: 'disable',
      preserveCase: false,
      iamToken: false,
      ...extra,
    },
    secretValues: [PW],
  };
}

const mode = (p: string): number => statSync(p).mode & 0o777;

describe('nativeClientCommand', () => {
  it('psql: password only in a private 0600 PGPASSFILE, TLS via PGSSLMODE', async () => {
    const cmd = await nativeClientCommand(db('postgresql', { ssl: 'verify-full', appName: 'lv-r-j' }), {
      tmpRoot: root,
      searchPath: bin,
      file: '/x.sql',
      extraArgs: ['-A'],
    });
    expect(cmd.command).toBe(join(bin, 'psql'));
    expect(cmd.args).toEqual([
      '--no-psqlrc',
      '--quiet',
      '--set=ON_ERROR_STOP=1',
      '--pset=footer=off',
      '--no-password',
      '--host=h',
      '--port=99',
      '--username=u',
      '--dbname=d',
      '-A',
    ]);
    expect(cmd.env).toMatchObject({ PGSSLMODE: 'verify-full', PGAPPNAME: 'lv-r-j' });
    expect(cmd.stdinFile).toBe('/x.sql');
    const passfile = cmd.env['PGPASSFILE']!;
    expect(readFileSync(passfile, 'utf8')).toBe('*:*:*:*:p\\:w\\\\"q\'z\n');
    expect(mode(passfile)).toBe(0o600);
    expect(mode(join(passfile, '..'))).toBe(0o700);
    expect(JSON.stringify([cmd.args, cmd.env])).not.toContain(PW);
    await cmd.cleanup();
    expect(existsSync(passfile)).toBe(false);
  });

  it('mysql: defaults-extra-file first, flavour-specific TLS flags, cleartext for IAM on Oracle client', async () => {
    const cmd = await nativeClientCommand(db('mysql', { ssl: 'require', iamToken: true }), {
      tmpRoot: root,
      searchPath: bin,
      probeVersion: async () => 'mysql  Ver 8.0.36 for Linux',
    });
    expect(cmd.args[0]).toMatch(/^--defaults-extra-file=/);
    expect(cmd.args.slice(1)).toEqual([
      '--batch',
      '--host=h',
      '--port=99',
      '--connect-timeout=10',
      '--database=d',
      '--ssl-mode=REQUIRED',
      '--enable-cleartext-plugin',
    ]);
    const file = cmd.args[0]!.split('=')[1]!;
    expect(readFileSync(file, 'utf8')).toBe('[client]\nuser="u"\npassword="p:w\\\\\\"q\'z"\n');
    expect(mode(file)).toBe(0o600);
    expect(cmd.args.join(' ')).not.toContain(PW);
    await cmd.cleanup();
    expect(existsSync(file)).toBe(false);
  });

  it('sqlite3: bail/batch on the database file', async () => {
    const cmd = await nativeClientCommand(db('sqlite3', { host: '/data/x.db' }), {
      tmpRoot: root,
      searchPath: bin,
    });
    expect(cmd.args).toEqual(['-bail', '-batch', '/data/x.db']);
  });

  it('sqlplus: /nolog on the command line, CONNECT (with the password) only in the stdin prelude', async () => {
    const cmd = await nativeClientCommand(
      db('oracle', { password: 'tiger', serviceName: 'ORCL', edition: '19.1' }),
      { tmpRoot: root, searchPath: bin, file: '/s.sql' },
    );
    expect(cmd.args).toEqual(['-NOLOGINTIME', '-L', '-S', '-C', '19.1', '/nolog']);
    expect(cmd.stdinPrelude).toBe('CONNECT "u"/"tiger"@"h:99/ORCL"\n');
    expect(cmd.args.join(' ')).not.toContain('tiger');
    await expect(
      nativeClientCommand(db('oracle', { password: 'a"b', serviceName: 'S' }), {
        tmpRoot: root,
        searchPath: bin,
      }),
    ).rejects.toThrow('double quotes');
  });

  it('fails clearly when the client is missing or the type has none', async () => {
    await expect(
      nativeClientCommand(db('postgresql'), { tmpRoot: root, searchPath: join(root, 'empty') }),
    ).rejects.toThrow(ClientUnavailableError);
    await expect(nativeClientCommand(db('mssql'), { tmpRoot: root, searchPath: bin })).rejects.toThrow(
      ConnectionUnsupportedError,
    );
    expect(await findExecutable('psql', `${join(root, 'none')}:${bin}`)).toBe(join(bin, 'psql'));
  });

  it.each<[Parameters<typeof mysqlSslArgs>, string[]]>([
    [['disable', true], ['--skip-ssl']],
    [['disable', false], ['--ssl-mode=DISABLED']],
    [
      ['require', true, '/ca.pem'],
      ['--ssl', '--skip-ssl-verify-server-cert', '--ssl-ca=/ca.pem'],
    ],
    [
      ['verify-full', true],
      ['--ssl', '--ssl-verify-server-cert'],
    ],
    [
      ['verify-ca', false, '/ca.pem'],
      ['--ssl-mode=VERIFY_CA', '--ssl-ca=/ca.pem'],
    ],
    [['verify-full', false], ['--ssl-mode=VERIFY_IDENTITY']],
  ])('mysqlSslArgs%j', (args, expected) => {
    expect(mysqlSslArgs(...args)).toEqual(expected);
  });
});

describe('renderConnectionEnv', () => {
  it('exports settings and secret FILE paths only, under an upper-cased label', async () => {
    const ce = await renderConnectionEnv('main_db', db('postgresql'), { tmpRoot: root });
    expect(ce.env).toMatchObject({
      LAVA_CONN_MAIN_DB_TYPE: 'postgres',
      LAVA_CONN_MAIN_DB_CONN_ID: 'c',
      LAVA_CONN_MAIN_DB_HOST: 'h',
      LAVA_CONN_MAIN_DB_PORT: '99',
      LAVA_CONN_MAIN_DB_USER: 'u',
      LAVA_CONN_MAIN_DB_DATABASE: 'd',
      LAVA_CONN_MAIN_DB_SSLMODE: 'disable',
    });
    expect(JSON.stringify(ce.env)).not.toContain(PW);
    expect(readFileSync(ce.env['LAVA_CONN_MAIN_DB_PASSWORD_FILE']!, 'utf8')).toBe(PW);
    expect(mode(ce.env['LAVA_CONN_MAIN_DB_PGPASSFILE']!)).toBe(0o600);
    expect(mode(ce.dir)).toBe(0o700);
    await ce.cleanup();
    expect(existsSync(ce.dir)).toBe(false);
  });

  it('mysql gets an option file; generic splits plain and secret attributes', async () => {
    const my = await renderConnectionEnv('m', db('mysql'), { tmpRoot: root });
    expect(readFileSync(my.env['LAVA_CONN_M_MYSQL_DEFAULTS_FILE']!, 'utf8')).toContain('[client]');
    const g = await renderConnectionEnv(
      'g',
      {
        kind: 'generic',
        connId: 'g',
        type: 'generic',
        canonicalType: 'generic',
        spec: { conn_id: 'g', type: 'generic' },
        attributes: { host: 'x', 'api-key': 'K3Y' },
        secretAttributes: ['api-key'],
        secretValues: ['K3Y'],
      },
      { tmpRoot: root },
    );
    expect(g.env['LAVA_CONN_G_ATTR_HOST']).toBe('x');
    expect(readFileSync(g.env['LAVA_CONN_G_ATTR_API_KEY_FILE']!, 'utf8')).toBe('K3Y');
    expect(JSON.stringify(g.env)).not.toContain('K3Y');
  });

  it('rejects bad labels', async () => {
    await expect(renderConnectionEnv('no-dash', db('mysql'), { tmpRoot: root })).rejects.toThrow(
      'Bad connection label',
    );
  });
});
