/**
 * Makes docs/images/twitter-response-times.png for the README: the IBM Twitter customer-care
 * dataset imported with the CLI into a fresh embedded database, the Response times page in chromium.
 *   npx tsx scripts/readme-screenshot.ts
 */
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT, cli, databaseEnv, startServer } from '../test/support/server';

async function main() {
  const db = databaseEnv(true);
  const server = await startServer(db.env);
  try {
    await cli(['workspace', 'create', 'twitter-care', '--tz', 'UTC'], db.env);
    for (const f of ['dev.json', 'test.json']) await cli(['import', 'twitter-care', join(ROOT, 'fixtures/ibm-twitter-customer-care', f), '--workspace', 'twitter-care'], db.env);
    await cli(['users', 'create', '--workspace', 'twitter-care', '--email', 'me@example.com', '--role', 'admin', '--password', 'screenshot password'], db.env);
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/`);
    await page.getByLabel(/email/i).fill('me@example.com');
    await page.getByLabel(/password/i).fill('screenshot password');
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.getByRole('navigation', { name: 'Pages' }).waitFor();
    await page.goto(`${server.url}/response-times?period=custom&from=2019-10-01&to=2020-04-05&grain=week&compare=off`);
    await page.locator('.recharts-surface').first().waitFor();
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(ROOT, 'docs/images/twitter-response-times.png'), fullPage: true });
    await browser.close();
  } finally {
    await server.stop();
    db.cleanup();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
