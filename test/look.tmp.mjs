import { chromium } from 'playwright-core';
const [url, pw] = process.argv.slice(2);
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
for (const [w, h] of [[1440, 900], [390, 844]]) {
  const ctx = await b.newContext({ viewport: { width: w, height: h }, colorScheme: 'dark' });
  const page = await ctx.newPage();
  await page.goto(url);
  await page.getByLabel(/email/i).fill('admin@demo.parley.local');
  await page.getByLabel(/password/i).fill(pw);
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.getByRole('navigation', { name: 'Pages' }).waitFor();
  await page.waitForTimeout(2500);
  await page.screenshot({ path: `/tmp/vw/shots/overview-${w}.png`, fullPage: true });
  await page.goto(url + '/response-times?period=7d');
  await page.waitForTimeout(2500);
  await page.screenshot({ path: `/tmp/vw/shots/rt-${w}.png`, fullPage: true });
  for (const p of ['engagement', 'loyalty', 'channels', 'campaigns']) {
    await page.goto(url + '/' + p);
    await page.waitForTimeout(2000);
    await page.screenshot({ path: `/tmp/vw/shots/${p}-${w}.png`, fullPage: true });
  }
  await page.goto(url + '/?period=7d');
  await page.waitForTimeout(1500);
  await page.getByRole('button', { name: 'Save this view' }).click();
  await page.screenshot({ path: `/tmp/vw/shots/save-${w}.png` });
  await ctx.close();
}
await b.close();
