/**
 * The dashboard in a real browser (Debian chromium via playwright-core), built and served by the
 * real API on the test database, with a generated dataset of the last 60 days: sign in, every
 * page, filters in the URL, a link with filters, back/forward, a CSV download, the empty state,
 * the campaigns funnel and table, campaign markers on the overview, and Settings (keys, a WhatsApp
 * connection created there, fed by the replay CLI, its counters following live).
 * Screenshots go to test/artifacts/ (git-ignored).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateEvents } from '@parley/shared/generate';
import { ROOT, TEST_SECRET_KEY, cli, ingestAll } from '../support/server';
import { ARTIFACTS, PASSWORD, browserWorld, describeBrowser, digits, reportResponse, signIn, userFor } from './support';

jest.setTimeout(300_000);

let full: { name: string; email: string };
let empty: { name: string; email: string };

const world = browserWorld(async ({ db, server }) => {
  const f = await userFor(db.env, 'browser', 'Europe/Berlin');
  const now = Date.now();
  await ingestAll(server.url, f.key, generateEvents({ events: 12_000, seed: 8, startMs: now - 60 * 86_400_000, days: 58 }));
  full = f;
  empty = await userFor(db.env, 'browser-empty', 'UTC');
});

describeBrowser('dashboard in chromium', () => {

  it('signs in and shows the overview with the figures the API returns', async () => {
    const page = await world.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const t0 = Date.now();
    const answer = reportResponse(page, 'overview');
    await signIn(page, world.server.url, full.email);
    const overview = await (await answer).json();
    await page.locator('.recharts-surface').first().waitFor();
    console.log(`browser: time to first chart after sign-in ${Date.now() - t0} ms`);
    await expect(page.getByTestId('page-title').textContent()).resolves.toBe('Overview');
    expect(digits(await page.getByTestId('kpi-conversations').textContent())).toBe(overview.current.conversations);
    expect(digits(await page.getByTestId('kpi-messagesIn').textContent())).toBe(overview.current.messagesIn);
    expect(overview.current.conversations).toBeGreaterThan(100);
    await page.screenshot({ path: join(ARTIFACTS, 'overview.png'), fullPage: true });
    await page.close();
  });

  it('changes the period: the figures follow, the URL keeps it, back/forward restore it', async () => {
    const page = await world.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const first = reportResponse(page, 'overview');
    await signIn(page, world.server.url, full.email);
    const thirty = await (await first).json();
    const next = reportResponse(page, 'overview');
    await page.locator('select[aria-label="Period"]').selectOption('7d');
    const seven = await (await next).json();
    expect(page.url()).toContain('period=7d');
    await page.waitForFunction((n) => document.querySelector('[data-testid="kpi-conversations"]')?.textContent?.replace(/[^\d]/g, '') === String(n), seven.current.conversations);
    expect(seven.current.conversations).toBeLessThan(thirty.current.conversations);
    await page.goBack();
    expect(page.url()).not.toContain('period=7d');
    await page.waitForFunction((n) => document.querySelector('[data-testid="kpi-conversations"]')?.textContent?.replace(/[^\d]/g, '') === String(n), thirty.current.conversations);
    await page.goForward();
    expect(page.url()).toContain('period=7d');
    await page.close();
  });

  it('opens a link with filters in it: time zone and channel reach the API and the figures', async () => {
    const page = await world.browser.newPage({ viewport: { width: 1280, height: 900 } });
    // The first overview (default filters) must be answered before listening, or its answer is the one awaited.
    const first = reportResponse(page, 'overview');
    await signIn(page, world.server.url, full.email);
    await first;
    const answer = reportResponse(page, 'overview');
    await page.goto(`${world.server.url}/?period=90d&tz=America%2FNew_York&channel=whatsapp`);
    const response = await answer;
    const url = new URL(response.url());
    expect(url.searchParams.get('tz')).toBe('America/New_York');
    expect(url.searchParams.getAll('channel').join(',')).toBe('whatsapp');
    const body = await response.json();
    expect(body.tz).toBe('America/New_York');
    await page.waitForFunction((n) => document.querySelector('[data-testid="kpi-conversations"]')?.textContent?.replace(/[^\d]/g, '') === String(n), body.current.conversations);
    await expect(page.getByTestId('period-summary').textContent()).resolves.toContain('America/New York');
    await page.close();
  });

  it.each([
    ['Response times', 'response-times'],
    ['Engagement', 'engagement'],
    ['Campaigns', 'campaigns'],
    ['Loyalty', 'loyalty'],
    ['Channels', 'channels'],
    ['Exports', 'exports'],
  ])('opens the %s page', async (title, file) => {
    const page = await world.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, world.server.url, full.email);
    await page.getByTestId('page-title').waitFor();
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: title }).click();
    await expect(page.getByTestId('page-title').textContent()).resolves.toBe(title);
    if (file !== 'exports') await page.locator('.recharts-surface, table').first().waitFor();
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(ARTIFACTS, `${file}.png`), fullPage: true });
    await page.close();
  });

  it('the channels table lists every channel the API returns', async () => {
    const page = await world.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, world.server.url, full.email);
    await page.getByTestId('page-title').waitFor();
    // The overview may ask for channels too: let its requests finish first, so the answer awaited
    // below is the Channels page's own (a body from a page navigated away from cannot be read).
    await page.waitForLoadState('networkidle');
    const answer = page.waitForResponse((r) => r.url().includes('/api/v1/metrics/channels') && r.status() === 200);
    await page.goto(`${world.server.url}/channels`);
    const channels = (await (await answer).json()).channels as { channel: string; conversations: number }[];
    expect(channels.length).toBeGreaterThanOrEqual(5);
    for (const c of channels) await page.getByTestId(`channel-row-${c.channel}`).waitFor();
    await page.close();
  });

  it('the Campaigns page shows the funnel and the ranked table of the API, a chosen campaign, and downloads the CSV', async () => {
    const page = await world.browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    // The overview asks for campaigns too (its markers): await its answer, then load the page afresh
    // so the answer awaited below is the Campaigns page's own.
    const campaignsResponse = () => page.waitForResponse((r) => r.url().includes('/api/v1/metrics/campaigns') && r.status() === 200);
    const first = campaignsResponse();
    await signIn(page, world.server.url, full.email);
    await first;
    const answer = campaignsResponse();
    await page.goto(`${world.server.url}/campaigns`);
    const body = (await (await answer).json()) as {
      totals: { sent: number; delivered: number; recipients: number; replied: number; converted: number };
      campaigns: { campaignId: string; sent: number; replied: number; converted: number }[];
    };
    expect(body.campaigns.length).toBeGreaterThan(0);
    expect(body.totals.sent).toBeGreaterThan(0);
    await page.getByTestId('funnel').waitFor();
    await expect(page.getByTestId('page-title').textContent()).resolves.toBe('Campaigns');
    for (const key of ['sent', 'delivered', 'recipients', 'replied', 'converted'] as const)
      expect(digits(await page.getByTestId(`funnel-${key}-value`).textContent())).toBe(body.totals[key]);
    // Every campaign has a row, ranked by converted, then replied, then id.
    for (const c of body.campaigns) await page.getByTestId(`campaign-row-${c.campaignId}`).waitFor();
    const ranked = [...body.campaigns].sort((a, b) => b.converted - a.converted || b.replied - a.replied || (a.campaignId < b.campaignId ? -1 : 1));
    const order = await page.locator('[data-testid^="campaign-row-"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')));
    expect(order).toEqual(ranked.map((c) => `campaign-row-${c.campaignId}`));
    await page.getByTestId('chart-campaign-sends').locator('.recharts-surface').last().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'campaigns-funnel.png'), fullPage: true });

    // Choosing the top campaign shows its funnel, and the URL keeps the choice.
    const top = ranked[0];
    await page.getByRole('button', { name: `Show the funnel of ${top.campaignId}` }).click();
    await page.waitForFunction((n) => document.querySelector('[data-testid="funnel-sent-value"]')?.textContent?.replace(/[^\d]/g, '') === String(n), top.sent);
    expect(new URL(page.url()).searchParams.get('campaign')).toBe(top.campaignId);

    // The CSV comes from the server with the page's parameters: one row per campaign.
    const link = page.getByTestId('campaigns-csv');
    const href = (await link.getAttribute('href'))!;
    expect(href).toContain('/api/v1/metrics/campaigns?');
    expect(href).toContain('format=csv');
    expect(href).toContain('window=120');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const text = readFileSync((await download.path())!, 'utf8');
    const [header, ...rows] = text.trim().split('\r\n');
    expect(header.startsWith('campaignId,channels,firstSentAt,lastSentAt,sent,recipients')).toBe(true);
    expect(rows.length).toBe(body.campaigns.length);
    expect(rows.map((r) => r.split(',')[0]).sort()).toEqual(body.campaigns.map((c) => c.campaignId).sort());
    await page.close();
  });

  it('marks campaign starts on the overview chart', async () => {
    const page = await world.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const answer = page.waitForResponse((r) => r.url().includes('/api/v1/metrics/campaigns') && r.status() === 200);
    await signIn(page, world.server.url, full.email);
    const body = (await (await answer).json()) as { campaigns: { campaignId: string }[] };
    expect(body.campaigns.length).toBeGreaterThan(0);
    const markers = page.getByTestId('chart-volume').getByTestId('chart-marker');
    await markers.first().waitFor();
    const text = (await markers.allTextContents()).join(' ');
    for (const c of body.campaigns) expect(text).toContain(c.campaignId);
    // Drawn in the chart too: one dashed line per marker.
    expect(await page.getByTestId('chart-volume').locator('.recharts-reference-line').count()).toBe(await markers.count());
    await page.close();
  });

  it('downloads the events CSV for the current filters', async () => {
    const page = await world.browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    await signIn(page, world.server.url, full.email);
    await page.getByTestId('page-title').waitFor();
    await page.goto(`${world.server.url}/exports?period=7d&channel=sms`);
    const link = page.getByTestId('export-events');
    const href = await link.getAttribute('href');
    expect(href).toContain('/api/v1/exports/events.csv');
    expect(href).toContain('channel=sms');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const text = readFileSync((await download.path())!, 'utf8');
    const [header, ...rows] = text.trim().split('\r\n');
    expect(header.startsWith('id,type,occurredAt')).toBe(true);
    expect(rows.length).toBeGreaterThan(0);
    const channel = header.split(',').indexOf('channel');
    expect(rows.every((r) => r.split(',')[channel] === 'sms')).toBe(true);
    await page.close();
  });

  it('shows a new workspace how to send its first events', async () => {
    const page = await world.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(world.server.url + '/');
    await page.getByLabel(/email/i).fill(empty.email);
    await page.getByLabel(/password/i).fill(PASSWORD);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.getByTestId('empty-workspace').waitFor();
    const snippet = await page.getByTestId('curl-snippet').textContent();
    expect(snippet).toContain(`${world.server.url}/api/v1/events`);
    await page.screenshot({ path: join(ARTIFACTS, 'empty-workspace.png'), fullPage: true });
    await page.close();
  });

  it('is usable at 390 px wide', async () => {
    const page = await world.browser.newPage({ viewport: { width: 390, height: 844 } });
    await signIn(page, world.server.url, full.email);
    await page.getByTestId('kpi-conversations').waitFor();
    // The chart too, so the screenshot shows what a phone user reads, not its loading placeholder.
    await page.locator('.recharts-surface').first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await page.screenshot({ path: join(ARTIFACTS, 'overview-390.png'), fullPage: true });
    await page.close();
  });

  it('the Campaigns page is usable at 390 px wide', async () => {
    const page = await world.browser.newPage({ viewport: { width: 390, height: 844 } });
    await signIn(page, world.server.url, full.email);
    await page.getByTestId('page-title').waitFor();
    await page.goto(`${world.server.url}/campaigns`);
    await page.getByTestId('funnel').waitFor();
    await page.getByTestId('chart-campaign-sends').locator('.recharts-surface').last().waitFor();
    // The table scrolls inside its card; the page itself does not scroll sideways.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await page.screenshot({ path: join(ARTIFACTS, 'campaigns-390.png'), fullPage: true });
    await page.close();
  });

  it('an admin creates a key (shown once) and revokes it in Settings; a member has only their account there', async () => {
    const page = await world.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, world.server.url, full.email);
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Settings' }).click();
    const keys = page.getByTestId('settings-keys');
    await keys.waitFor();
    await keys.getByLabel('Name').fill('browser-made key');
    await keys.getByRole('button', { name: 'Create key' }).click();
    const key = (await page.getByTestId('new-key-value').inputValue()).trim();
    expect(key).toMatch(/^prly_/);
    // The key works for the API…
    expect((await fetch(`${world.server.url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: '[]' })).status).toBe(200);
    await page.screenshot({ path: join(ARTIFACTS, 'settings.png'), fullPage: true });
    await page.getByRole('button', { name: /done/i }).click();
    expect(await page.content()).not.toContain(key);
    // …until it is revoked here.
    const row = page.getByTestId(`key-row-${key.slice(0, 13)}`);
    await row.getByRole('button', { name: /revoke/i }).click();
    await row.getByRole('button', { name: 'Revoke key' }).click();
    await row.getByText(/revoked/i).waitFor();
    expect((await fetch(`${world.server.url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: '[]' })).status).toBe(401);

    const memberEmail = `member-${Date.now()}@example.com`;
    await cli(['users', 'create', '--workspace', full.name, '--email', memberEmail, '--role', 'member', '--password', PASSWORD], world.db.env);
    const member = await world.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(member, world.server.url, memberEmail);
    await member.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Settings' }).click();
    await member.getByTestId('settings-forbidden').waitFor();
    await member.getByTestId('settings-account').waitFor();
    expect(await member.getByTestId('settings-keys').count()).toBe(0);
    await member.close();
    await page.close();
  });

  it('an admin creates a WhatsApp connection in Settings → Connections; a replayed conversation shows in its counters', async () => {
    // A workspace of its own: the replayed events must not reach the other tests' workspaces.
    const admin = await userFor(world.db.env, 'browser-conn', 'UTC');
    const page = await world.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, world.server.url, admin.email);
    await page.goto(`${world.server.url}/settings`);
    const section = page.getByTestId('settings-connections');
    await section.getByText(/No connections yet/).waitFor();
    await section.getByLabel('Name').fill('Sales line');
    await section.getByLabel('App secret').fill('browser-app-secret-0123');
    await section.getByRole('button', { name: 'Create connection' }).click();
    const url = await page.getByTestId('new-connection-url').inputValue();
    expect(url).toMatch(new RegExp(`^${world.server.url.replace(/[.]/g, '\\.')}/api/v1/connectors/whatsapp/[A-Za-z0-9_-]{22}$`));
    const token = await page.getByTestId('new-connection-verifyToken').inputValue();
    expect(token).toMatch(/^[A-Za-z0-9_-]{24}$/);
    await page.screenshot({ path: join(ARTIFACTS, 'settings-connection-created.png'), fullPage: true });
    await page.getByRole('button', { name: 'Done, hide the secrets' }).click();
    expect(await page.content()).not.toContain(token);
    const id = url.split('/').pop()!;
    const row = page.getByTestId(`connection-row-${id}`);
    await row.waitFor();
    expect(await row.locator('[data-label="Deliveries"]').textContent()).toBe('0');

    // The platform's deliveries, as the CLI replays them: the screen polls and follows.
    const r = await cli(['connectors', 'replay', join(ROOT, 'fixtures/webhooks/whatsapp-story'), '--connection', id, '--url', world.server.url], { ...world.db.env, PARLEY_SECRET_KEY: TEST_SECRET_KEY });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    await row.locator('[data-label="Deliveries"]', { hasText: /^7$/ }).waitFor({ timeout: 15_000 });
    expect(await row.locator('[data-label="Events"]').textContent()).toBe('7');
    expect(await row.locator('[data-label="Duplicates"]').textContent()).toBe('3');
    expect(await row.locator('[data-label="Ignored"]').textContent()).toBe('0');
    expect(await row.locator('[data-label="Rejected"]').textContent()).toBe('0');
    expect(await row.locator('[data-label="Last delivery"] time').count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'settings-connections.png'), fullPage: true });

    await row.getByRole('button', { name: 'Delete the connection Sales line' }).click();
    await row.getByRole('button', { name: 'Delete connection' }).click();
    await page.getByText(/Deleted the connection Sales line/).waitFor();
    expect((await fetch(url, { method: 'POST', body: '{}' })).status).toBe(404);
    await page.close();
  });
});
