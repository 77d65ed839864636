import { afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { PERIOD, answer, empty, me } from '../test/campaigns-fixture';
import { type Answer, type Call, installFakeApi, renderApp } from '../test/fake-api';

// The page loads on demand (React.lazy): load it (and the charting library) once, before the clock of the first test starts.
beforeAll(async () => {
  await import('./Campaigns');
});

let routes: Record<string, Answer[]>;
let calls: Call[];
beforeEach(() => {
  ({ routes, calls } = installFakeApi());
  routes['GET /api/v1/auth/me'] = [{ status: 200, body: me }];
  routes['GET /api/v1/metrics/channels'] = [{ status: 200, body: { channels: [] } }];
  routes['GET /api/v1/metrics/campaigns'] = [{ status: 200, body: answer() }];
});
afterEach(() => {
  jest.restoreAllMocks();
});

const open = (query = '') => {
  window.history.replaceState(null, '', `/campaigns?${PERIOD}${query}`);
  renderApp();
};
const text = (id: string) => screen.getByTestId(id).textContent;
const rowOrder = () => within(screen.getByTestId('campaigns-table')).getAllByRole('row').slice(1).map((r) => r.getAttribute('data-testid'));
const campaignCalls = () => calls.filter((c) => c.url.startsWith('/api/v1/metrics/campaigns')).map((c) => new URL(c.url, 'http://x').searchParams);

describe('Campaigns page', () => {
  it('shows the funnel of all campaigns: messages against sent, recipients against recipients, failed and revenue', async () => {
    open();
    await screen.findByTestId('funnel');
    expect(screen.getByTestId('page-title')).toHaveTextContent('Campaigns');
    expect(screen.getByRole('heading', { name: 'Funnel: all campaigns' })).toBeInTheDocument();
    expect(text('funnel-sent-value')).toBe('300');
    expect(text('funnel-delivered-value')).toBe('270');
    expect(text('funnel-delivered-rate')).toBe('90% of sent');
    expect(text('funnel-failed')).toBe('Failed: 12 (4% of sent)');
    expect(text('funnel-read-value')).toBe('135');
    expect(text('funnel-read-rate')).toBe('50% of delivered');
    expect(text('funnel-recipients-value')).toBe('250');
    expect(text('funnel-replied-value')).toBe('40');
    expect(text('funnel-replied-rate')).toBe('16% of recipients');
    expect(text('funnel-converted-value')).toBe('10');
    expect(text('funnel-converted-rate')).toBe('4% of recipients');
    expect(text('funnel-revenue')).toContain('€1,234.50 · $99.00');
    // The unit changes between read and replied, and says so.
    const headings = within(screen.getByTestId('funnel')).getAllByRole('heading').map((h) => h.textContent);
    expect(headings[0]).toBe('Messages');
    expect(headings[1]).toMatch(/^Recipients/);
    // Sent is the whole bar; read is 135 of 300.
    expect((screen.getByTestId('funnel-read').querySelector('.funnel-fill') as HTMLElement).style.width).toBe('45%');
  });

  it('ranks the table by converted, then replied, with every column, and links the CSV through the server', async () => {
    open();
    await screen.findByTestId('campaign-row-summer');
    // summer converted 6; spring and autumn 2 each, spring replied more.
    expect(rowOrder()).toEqual(['campaign-row-summer', 'campaign-row-spring', 'campaign-row-autumn']);
    const headers = within(screen.getByTestId('campaigns-table')).getAllByRole('columnheader').map((h) => h.textContent?.replace(/[▲▼]/g, ''));
    expect(headers).toEqual(['Campaign', 'Channels', 'First sent', 'Sent', 'Recipients', 'Delivered', 'Read', 'Failed', 'Delivery rate', 'Read rate', 'Replied', 'Reply rate', 'Converted', 'Conversion rate', 'Revenue']);
    const cells = within(screen.getByTestId('campaign-row-summer')).getAllByRole('cell').map((c) => c.textContent);
    expect(cells[0]).toBe('sms, whatsapp');
    expect(cells.slice(2)).toEqual(['150', '120', '140', '70', '5', '93.3%', '50%', '25', '20.8%', '6', '5%', '€1,034.50 · $99.00']);
    // First sent, in the zone of the view (Berlin).
    expect(cells[1]).toMatch(/1 Nov 2026.*18:00|Nov 1, 2026.*6:00\s?PM/);
    const csv = screen.getByTestId('campaigns-csv');
    expect(csv).toHaveAttribute('href', '/api/v1/metrics/campaigns?from=2026-11-01&to=2026-11-04&tz=Europe%2FBerlin&grain=day&window=120&format=csv');
    expect(csv).toHaveAttribute('download');
    expect(campaignCalls()[0].get('window')).toBe('120');
  });

  it('sorts by a column (text columns first ascending), and keeps the order in the URL', async () => {
    open();
    await screen.findByTestId('campaign-row-summer');
    fireEvent.click(screen.getByRole('button', { name: 'First sent' }));
    await waitFor(() => expect(rowOrder()).toEqual(['campaign-row-spring', 'campaign-row-summer', 'campaign-row-autumn']));
    expect(window.location.search).toContain('campaignSort=firstSentAt&campaignDir=asc');
    fireEvent.click(screen.getByRole('button', { name: /First sent/ }));
    await waitFor(() => expect(rowOrder()).toEqual(['campaign-row-autumn', 'campaign-row-summer', 'campaign-row-spring']));
    expect(screen.getByRole('columnheader', { name: /First sent/ })).toHaveAttribute('aria-sort', 'descending');
  });

  it("shows a campaign's funnel when it is chosen in the table or the select, and keeps the choice in the URL", async () => {
    open();
    fireEvent.click(await screen.findByRole('button', { name: 'Show the funnel of summer' }));
    await screen.findByRole('heading', { name: 'Funnel: summer' });
    expect(new URLSearchParams(window.location.search).get('campaign')).toBe('summer');
    expect(text('funnel-sent-value')).toBe('150');
    expect(text('funnel-delivered-rate')).toBe('93.3% of sent');
    expect(text('funnel-recipients-value')).toBe('120');
    expect(text('funnel-converted-rate')).toBe('5% of recipients');
    expect(screen.getByTestId('campaign-row-summer')).toHaveClass('selected');
    fireEvent.change(screen.getByLabelText('Campaign'), { target: { value: 'autumn' } });
    await screen.findByRole('heading', { name: 'Funnel: autumn' });
    expect(text('funnel-revenue')).toContain('—');
    fireEvent.click(screen.getByRole('button', { name: 'Show all campaigns' }));
    await screen.findByRole('heading', { name: 'Funnel: all campaigns' });
    expect(window.location.search).not.toContain('campaign=');
  });

  it('forgets a chosen campaign that is not in the period', async () => {
    open('&campaign=winter');
    await screen.findByTestId('funnel');
    await waitFor(() => expect(window.location.search).not.toContain('campaign='));
    expect(screen.getByRole('heading', { name: 'Funnel: all campaigns' })).toBeInTheDocument();
    expect(text('funnel-sent-value')).toBe('300');
  });

  it('asks the report for the chosen attribution window, keeps it in the URL and explains it', async () => {
    open();
    await screen.findByTestId('funnel');
    expect(text('window-hint')).toBe('A reply or order counts for the latest campaign message at most 120 h (5 days) before it.');
    fireEvent.change(screen.getByLabelText('Attribution window'), { target: { value: '24' } });
    await waitFor(() => expect(campaignCalls().some((q) => q.get('window') === '24')).toBe(true));
    expect(new URLSearchParams(window.location.search).get('window')).toBe('24');
    expect(text('window-hint')).toBe('A reply or order counts for the latest campaign message at most 24 h (1 day) before it.');
    expect(screen.getByTestId('campaigns-csv').getAttribute('href')).toContain('window=24');
  });

  it('keeps a window from a link that is not a preset', async () => {
    open('&window=48');
    await screen.findByTestId('funnel');
    expect(screen.getByLabelText('Attribution window')).toHaveValue('48');
    expect(campaignCalls()[0].get('window')).toBe('48');
  });

  it('says when the period has no campaign messages and how to send one', async () => {
    routes['GET /api/v1/metrics/campaigns'] = [{ status: 200, body: empty }];
    open();
    const note = await screen.findByTestId('campaigns-empty');
    expect(note).toHaveTextContent('No campaign messages in this period.');
    expect(note).toHaveTextContent('message.sent');
    expect(note).toHaveTextContent('"campaignId": "spring-sale"');
    expect(screen.queryByTestId('campaigns-table')).toBeNull();
    expect(screen.queryByTestId('chart-campaign-sends')).toBeNull();
  });

  it('shows the error with a retry that loads the page', async () => {
    routes['GET /api/v1/metrics/campaigns'] = [{ status: 400, body: { message: 'window: must be a whole number of hours from 1 to 720' } }, { status: 200, body: answer() }];
    open();
    const alerts = await screen.findAllByRole('alert');
    expect(alerts[0]).toHaveTextContent('These filters cannot be shown');
    expect(alerts[0]).toHaveTextContent('window: must be a whole number');
    fireEvent.click(within(alerts[0]).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByTestId('funnel')).toBeInTheDocument();
    expect(text('funnel-sent-value')).toBe('300');
    await screen.findByTestId('campaign-row-summer');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('draws sends over time as a chart whose table lists every campaign per day', async () => {
    open();
    const card = await screen.findByTestId('chart-campaign-sends');
    await within(card).findByRole('img', { name: 'Campaign messages per day, stacked by campaign' });
    fireEvent.click(within(card).getByRole('button', { name: 'View as table: Sends over time' }));
    const rows = within(card).getAllByRole('row').map((r) => within(r).queryAllByRole('cell').map((c) => c.textContent));
    expect(within(card).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Day', 'summer', 'spring', 'autumn']);
    expect(rows.slice(1)).toEqual([
      ['150', '100', '0'],
      ['0', '0', '50'],
      ['0', '0', '0'],
    ]);
  });
});
