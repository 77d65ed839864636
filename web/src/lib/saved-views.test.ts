import { describe, expect, it } from '@jest/globals';
import { VIEW_QUERY_PARAMS } from '@parley/shared/view-params';
import { activeView, savableView, viewHref, viewNameError, viewOfState } from './saved-views';
import { DEFAULT_STATE, type DashboardState, PAGES, parseState, serializeState } from './url-state';

const state = (path: string, query = '') => parseState(path, query);

describe('saved views', () => {
  it('keep the URL of the page, its period staying relative', () => {
    expect(viewOfState(state('/', '?period=7d&channel=sms'))).toEqual({ path: '/', query: 'period=7d&channel=sms' });
    expect(viewOfState(state('/loyalty'))).toEqual({ path: '/loyalty', query: '' });
    expect(savableView(state('/response-times', '?groupBy=agent'))).toEqual({ path: '/response-times', query: 'groupBy=agent' });
    expect(savableView(state('/settings'))).toBeNull();
  });

  it('open as the dashboard writes the URL today, whatever the order they were saved in', () => {
    expect(viewHref({ path: '/', query: '' })).toBe('/');
    expect(viewHref({ path: '/engagement', query: 'volume=messagesOut&period=90d' })).toBe('/engagement?period=90d&volume=messagesOut');
    // A parameter of another page (or a retired value) is dropped, as parseState drops it from any URL.
    expect(viewHref({ path: '/', query: 'period=7d&groupBy=agent&metric=nonsense' })).toBe('/?period=7d');
  });

  it('mark the view the page shows (same canonical URL), none when it differs', () => {
    const views = [
      { id: 'a', path: '/', query: 'channel=sms&period=7d' },
      { id: 'b', path: '/', query: 'period=7d' },
    ];
    expect(activeView(views, state('/', '?period=7d&channel=sms'))?.id).toBe('a');
    expect(activeView(views, state('/', '?period=7d'))?.id).toBe('b');
    expect(activeView(views, state('/', '?period=30d'))).toBeUndefined();
    expect(activeView(views, state('/loyalty', '?period=7d'))).toBeUndefined();
  });

  it('say what is wrong with a name before the API is asked', () => {
    const views = [{ id: 'a', name: 'Weekly' }];
    expect(viewNameError('  ', views)).toBe('The name must not be empty.');
    expect(viewNameError('x'.repeat(81), views)).toBe('The name must be at most 80 characters.');
    expect(viewNameError(' weekly ', views)).toBe('You already have a view named “Weekly”.');
    expect(viewNameError('WEEKLY', views, 'a')).toBeNull();
    expect(viewNameError('Monthly', views)).toBeNull();
  });

  it('hold every parameter the URL state writes (the API refuses any other)', () => {
    // Each state field but the page is written under its own name; the lists (channels, teams, tags) in the singular.
    const URL_NAMES: Record<string, string> = { channels: 'channel', teams: 'team', tags: 'tag' };
    // The page and the conversation's id are in the path.
    for (const key of Object.keys(DEFAULT_STATE).filter((k) => k !== 'page' && k !== 'conversation')) expect(VIEW_QUERY_PARAMS).toContain(URL_NAMES[key] ?? key);
    const everything: DashboardState = {
      ...DEFAULT_STATE,
      period: 'custom',
      from: '2026-01-01',
      to: '2026-01-31',
      compare: false,
      tz: 'Europe/Berlin',
      grain: 'week',
      channels: ['sms', 'whatsapp'],
      teams: ['Billing, EU', 'none'],
      tags: ['vip'],
      hours: 'business',
      metric: 'messagesIn',
      volume: 'messagesOut',
      groupBy: 'agent',
      responder: 'agent',
      sla: 600,
      show: 'replyMedian',
      cohort: 'month',
      sort: 'revenue',
      dir: 'asc',
      window: 24,
      campaign: 'spring',
      campaignSort: 'sent',
      campaignDir: 'asc',
    };
    for (const page of PAGES) {
      const url = new URL(serializeState(everything, page), 'http://x');
      for (const name of url.searchParams.keys()) expect(VIEW_QUERY_PARAMS).toContain(name);
    }
  });
});
