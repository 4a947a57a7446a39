import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';

/** Flags for a quiet, headless system Chromium in CI and containers. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Launches Debian's Chromium (installed by scripts/ensure-chromium.sh, which this runs first and
 * which fails loudly when it cannot install it): no browser is ever downloaded.
 */
export async function launchChromium(root: string): Promise<Browser> {
  const path = execFileSync('bash', [join(root, 'scripts/ensure-chromium.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  return puppeteer.launch({ executablePath: path, headless: true, args: CHROMIUM_ARGS });
}
