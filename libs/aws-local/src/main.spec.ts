import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from './main';

describe('lava-aws-local arguments', () => {
  it('reads port, host and data dir in both spellings', () => {
    expect(parseArgs(['--port', '0', '--host=0.0.0.0', '--data-dir', '/tmp/x'])).toEqual({
      port: 0,
      host: '0.0.0.0',
      dataDir: '/tmp/x',
    });
  });

  it('links ECR to a registry with the password file of its AWS user; the two flags go together', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lava-ecr-'));
    writeFileSync(join(dir, 'pw'), 's3cret\n');
    expect(parseArgs(['--ecr-registry', '127.0.0.1:5500', `--ecr-password-file=${join(dir, 'pw')}`])).toEqual(
      {
        ecrRegistry: { host: '127.0.0.1:5500', password: 's3cret' },
      },
    );
    expect(() => parseArgs(['--ecr-registry', '127.0.0.1:5500'])).toThrow(/go together/);
  });

  it('refuses unknown flags and missing values', () => {
    expect(() => parseArgs(['--nope', '1'])).toThrow(/unknown option/);
    expect(() => parseArgs(['--port'])).toThrow(/needs a value/);
  });
});
