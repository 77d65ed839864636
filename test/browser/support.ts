/**
 * Browser tests drive Debian's chromium with playwright-core (no browser download). Without
 * chromium they skip, loudly; under CI=true a missing chromium is a failure, never a skip.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { ROOT } from '../support/server';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(ROOT, 'test/artifacts');

export function describeBrowser(name: string, fn: () => void): void {
  if (existsSync(CHROMIUM)) return describe(name, fn);
  if (process.env.CI === 'true') throw new Error(`browser tests must run under CI, but there is no chromium at ${CHROMIUM} (.ci/run installs it)`);
  console.warn(`\n*** SKIPPING browser tests "${name}": no chromium at ${CHROMIUM} (apt-get install -y chromium) ***\n`);
  describe.skip(name, fn);
}

export async function launch(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
