import { dockerOptions } from './docker-client';

describe('dockerOptions', () => {
  it.each([
    [undefined, false, { socketPath: '/var/run/docker.sock' }],
    ['unix:///run/user/docker.sock', false, { socketPath: '/run/user/docker.sock' }],
    ['tcp://10.0.0.5:2375', false, { protocol: 'http', host: '10.0.0.5', port: 2375 }],
    ['tcp://10.0.0.5', true, { protocol: 'https', host: '10.0.0.5', port: 2376 }],
  ])('%s tls=%s', (server, tls, expected) => {
    expect(dockerOptions(server, tls)).toEqual(expected);
  });
});
