import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  checkTriggerConditions,
  readS3Events,
  triggerPrefixProbes,
  validateEventRule,
  validateJob,
  validateS3Trigger,
} from '@lava/core';
import YAML from 'yaml';

const SAMPLES = resolve(__dirname, '..', '..', '..', 'samples', 'demo');
const load = (path: string): unknown => YAML.parse(readFileSync(join(SAMPLES, path), 'utf8'));

/** The event-trigger samples `npm start` seeds, as docs/s3-triggers.md and docs/rule-triggers.md use them. */
describe('demo trigger samples', () => {
  it('the S3 trigger is valid and fires for the documented upload, not for a small or non-csv one', () => {
    const trigger = validateS3Trigger(load('triggers/landing.yaml'), { strict: true }).value;
    const event = (key: string, size: number) =>
      readS3Events({
        'detail-type': 'Object Created',
        detail: { bucket: { name: 'lava-demo' }, object: { key, size }, reason: 'PutObject' },
      })[0]!.info;
    expect(triggerPrefixProbes('landing/2024-05-01/sales.csv')).toContain(trigger.prefix);
    expect(checkTriggerConditions({ ...trigger }, event('landing/2024-05-01/sales.csv', 15))).toEqual({
      pass: true,
    });
    expect(checkTriggerConditions({ ...trigger }, event('landing/2024-05-01/sales.csv', 5)).pass).toBe(false);
    expect(checkTriggerConditions({ ...trigger }, event('landing/2024-05-01/sales.txt', 15)).pass).toBe(
      false,
    );
  });

  it('the rule is valid and its job exists among the sample jobs', () => {
    const rule = validateEventRule(load('rules/orders.yaml'), { strict: true }).value;
    const jobs = (load('jobs/triggered.yaml') as unknown[]).map(
      (j) => validateJob(j, { strict: true }).value.job_id,
    );
    expect(jobs).toEqual(
      expect.arrayContaining([
        rule.job_id,
        String(validateS3Trigger(load('triggers/landing.yaml')).value.job_id),
      ]),
    );
  });
});
