import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { launchChromium } from '../support/chromium';
import { ROOT, startE2eRealm, type E2eRealm } from '../support/e2e-realm';

/** Screenshots of each step, kept as test artefacts (gitignored). */
const ARTIFACTS = join(ROOT, 'test', 'artifacts', 'console');

describe('web console in a real headless Chromium (realm as separate processes, as npm start runs it)', () => {
  let e: E2eRealm;
  let browser: Browser;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    [e, browser] = await Promise.all([startE2eRealm(), launchChromium(ROOT)]);
    await e.putJobs([
      {
        job_id: 'web/hello',
        type: 'cmd',
        worker: 'core',
        enabled: true,
        payload: "sh -c 'echo hello from the console, who={{vars.who}}'",
        parameters: { vars: { who: 'nobody' } },
      },
    ]);
    page = await browser.newPage();
    await page.setViewport({ width: 1200, height: 800 });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await e?.stop();
  });

  it('dispatches a job from the form, shows its run reach complete, then its logs', async () => {
    expect(e.local.consoleUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await page.goto(`${e.local.consoleUrl}/#/runs`);
    await page.waitForSelector('#runs');
    expect(await page.$eval('#who', (el) => el.textContent)).toBe('local (admin)');
    await shot('1-runs-empty');

    await page.goto(`${e.local.consoleUrl}/#/dispatch?job_id=web%2Fhello`);
    await page.waitForSelector('form#dispatch');
    // The browser's own code is given as text: this tsconfig has no DOM types.
    await page.evaluate(
      `document.querySelector('textarea[name=parameters]').value = '{"vars": {"who": "chromium"}}'`,
    );
    await shot('2-dispatch-form');
    await page.click('form#dispatch button');

    await page.waitForFunction(`location.hash.startsWith('#/run/')`, { timeout: 10_000 });
    const runId = decodeURIComponent(String(await page.evaluate(`location.hash.slice('#/run/'.length)`)));
    await page
      .waitForSelector('#run-status [data-status=complete]', { timeout: 120_000 })
      .catch(async (err) => {
        await shot('fail-run-page');
        const text = await page.evaluate(`document.body.innerText`);
        throw new Error(
          `${(err as Error).message}\npage:\n${String(text)}\nlogs:\n${e.logs().slice(-25).join('\n')}`,
        );
      });
    await shot('3-run-complete');
    const output = await page.waitForFunction(`document.querySelector('#outputs pre.output')?.textContent`, {
      timeout: 30_000,
    });
    expect(await output.jsonValue()).toContain('hello from the console, who=chromium');
    const timeline = await page.$$eval('#timeline [data-status]', (els) => els.map((el) => el.textContent));
    expect(timeline).toEqual(
      expect.arrayContaining(['operator_action', 'dispatched', 'starting', 'complete']),
    );
    await shot('4-run-logs');

    await page.goto(`${e.local.consoleUrl}/#/runs`);
    await page.waitForSelector(`tr[data-run="${runId}"] [data-status=complete]`, { timeout: 10_000 });
    await page.goto(`${e.local.consoleUrl}/#/queues`);
    await page.waitForSelector('#queues tbody tr');
    expect(await page.$$eval('#queues td', (tds) => tds.map((td) => td.textContent))).toContain(
      `lava-${e.realm}-core`,
    );
    await shot('5-queues');
  }, 240_000);
});
