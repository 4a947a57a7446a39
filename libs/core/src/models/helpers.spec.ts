import { enabledMode, isRenderedEnabled } from './job-enabled';
import { realmConfigValue } from './realm-config';
import { resolveStateTtlSeconds, stateTtlEpoch } from './state-ttl';

describe('resolveStateTtlSeconds', () => {
  it.each<[unknown, number]>([
    ['400d', 366 * 86400],
    [undefined, 7 * 86400],
    [0, 7 * 86400],
    ['', 7 * 86400],
    [null, 7 * 86400],
    ['1h', 3600],
    [120, 120],
    ['-5s', -5],
  ])('%j → %d s', (ttl, seconds) => {
    expect(resolveStateTtlSeconds(ttl)).toBe(seconds);
  });

  it('honours realm overrides and floors the stored epoch', () => {
    expect(resolveStateTtlSeconds(undefined, { defaultTtl: '1d', maxTtl: '2d' })).toBe(86400);
    expect(resolveStateTtlSeconds('3d', { maxTtl: '2d' })).toBe(172800);
    expect(stateTtlEpoch(new Date(1000.9 * 1000), 10.5)).toBe(1011);
  });
});

describe('enabled', () => {
  it.each<[unknown, string]>([
    [undefined, 'disabled'],
    [false, 'disabled'],
    [true, 'enabled'],
    ['{{ true }}', 'template'],
  ])('%j → %s', (enabled, mode) => {
    expect(enabledMode({ enabled })).toBe(mode);
  });

  it.each<[string, boolean]>([
    ['true', true],
    [' True \n', true],
    ['TRUE', true],
    ['yes', false],
    ['1', false],
    ['', false],
    ['truex', false],
  ])('rendered %j runs: %s', (text, runs) => {
    expect(isRenderedEnabled(text)).toBe(runs);
  });
});

describe('realmConfigValue', () => {
  it('matches keys in any case', () => {
    expect(realmConfigValue({ event_ttl: '5d' }, 'EVENT_TTL')).toBe('5d');
    expect(realmConfigValue({ CW_METRICS_JOB: 'true' }, 'cw_metrics_job')).toBe('true');
    expect(realmConfigValue({}, 'X')).toBeUndefined();
    expect(realmConfigValue(undefined, 'X')).toBeUndefined();
  });
});
