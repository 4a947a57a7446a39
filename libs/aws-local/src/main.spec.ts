import { parseArgs } from './main';

describe('lava-aws-local arguments', () => {
  it('reads port, host and data dir in both spellings', () => {
    expect(parseArgs(['--port', '0', '--host=0.0.0.0', '--data-dir', '/tmp/x'])).toEqual({
      port: 0,
      host: '0.0.0.0',
      dataDir: '/tmp/x',
    });
  });

  it('refuses unknown flags and missing values', () => {
    expect(() => parseArgs(['--nope', '1'])).toThrow(/unknown option/);
    expect(() => parseArgs(['--port'])).toThrow(/needs a value/);
  });
});
