import { describe, expect, it } from '@jest/globals';
import { ALL_BY_FIRST_CUSTOMER, ALL_STARTED, bucketDays, canDrillGroups, drillHref, drillTarget, groupOfKey } from './drill';
import { DEFAULT_STATE, NO_GROUP, parseState } from './url-state';

describe('drillTarget: which conversations a figure counted', () => {
  it('opens the breached conversations by first customer message for "within SLA" (the issue\'s example)', () => {
    expect(drillTarget('withinSla')).toEqual({ by: 'firstCustomerAt', status: 'breached', sortBy: 'firstResponseTime', order: 'desc' });
  });
  it('by the instant each metric counts by', () => {
    expect(drillTarget('conversations').by).toBe('startedAt');
    expect(drillTarget('firstResponseMedian')).toEqual({ by: 'firstCustomerAt', status: 'answered', sortBy: 'firstResponseTime', order: 'desc' });
    expect(drillTarget('resolutionMedian')).toEqual({ by: 'resolvedAt', status: 'resolved', sortBy: 'resolutionTime', order: 'desc' });
    expect(drillTarget('assignmentResponseMedian').by).toBe('firstAssignedAt');
    expect(drillTarget('automationRate').status).toBe('automated');
    expect(drillTarget('conversionRate').status).toBe('converted');
    expect(drillTarget('csatAverage').sortBy).toBe('rating');
  });
});

describe('bucketDays', () => {
  const period = { from: '2026-11-03', last: '2026-11-30' };
  it('is the bucket\'s days, cut to the period', () => {
    expect(bucketDays('2026-11-12T00:00:00+01:00', 'day', period)).toEqual({ from: '2026-11-12', to: '2026-11-12' });
    expect(bucketDays('2026-11-02T00:00:00+01:00', 'week', period)).toEqual({ from: '2026-11-03', to: '2026-11-08' });
    expect(bucketDays('2026-11-01T00:00:00+01:00', 'month', period)).toEqual({ from: '2026-11-03', to: '2026-11-30' });
    expect(bucketDays('2026-11-12T14:00:00+01:00', 'hour', period)).toEqual({ from: '2026-11-12', to: '2026-11-12' });
  });
});

describe('drillHref', () => {
  const state = { ...DEFAULT_STATE, page: 'response-times' as const, tz: 'Europe/Berlin', channels: ['sms'], teams: ['Sales'], sla: 120 };
  it('the "within SLA" point of 12 Nov: by firstCustomerAt, that day, breached, with the filters and SLA', () => {
    const href = drillHref(state, 'withinSla', { days: { from: '2026-11-12', to: '2026-11-12' } });
    const url = new URL(href, 'http://x');
    expect(url.pathname).toBe('/conversations');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      period: 'custom',
      from: '2026-11-12',
      to: '2026-11-12',
      tz: 'Europe/Berlin',
      channel: 'sms',
      team: 'Sales',
      sla: '120',
      by: 'firstCustomerAt',
      status: 'breached',
      sortBy: 'firstResponseTime',
    });
    // The page reads back what the link says.
    const back = parseState(url.pathname, url.search);
    expect([back.page, back.by, back.status, back.from, back.to, back.sla]).toEqual(['conversations', 'firstCustomerAt', 'breached', '2026-11-12', '2026-11-12', 120]);
  });
  it('a group row: an agent (none: no first responder), a team, a tag, a channel', () => {
    const q = (href: string) => new URL(href, 'http://x').searchParams;
    expect(q(drillHref(state, 'conversations', { group: groupOfKey('agent', 'anna') })).get('agent')).toBe('anna');
    expect(q(drillHref(state, 'conversations', { group: groupOfKey('agent', '(none)') })).get('agent')).toBe('none');
    expect(q(drillHref(state, 'conversations', { group: groupOfKey('team', '(none)') })).getAll('team')).toEqual(['none']);
    expect(q(drillHref(state, 'conversations', { group: groupOfKey('tag', 'vip') })).getAll('tag')).toEqual(['vip']);
    expect(q(drillHref(state, 'conversations', { group: groupOfKey('channel', 'whatsapp') })).getAll('channel')).toEqual(['whatsapp']);
    // Without a bucket, the period stays as it is.
    expect(q(drillHref(state, 'conversations')).get('period')).toBeNull();
  });
});

describe('drillHref of a chart bucket with several groups (a split chart\'s lines)', () => {
  const state = { ...DEFAULT_STATE, page: 'engagement' as const, channels: ['sms'] };
  const q = (href: string) => new URL(href, 'http://x').searchParams;
  const days = { from: '2026-11-12', to: '2026-11-12' };
  it('filters to any of the picked channels, teams or tags, in the bucket\'s days', () => {
    const channels = q(drillHref(state, ALL_STARTED, { days, group: [groupOfKey('channel', 'whatsapp'), groupOfKey('channel', 'email')] }));
    expect(channels.getAll('channel')).toEqual(['whatsapp', 'email']);
    expect([channels.get('from'), channels.get('to')]).toEqual(['2026-11-12', '2026-11-12']);
    expect(q(drillHref(state, ALL_BY_FIRST_CUSTOMER, { group: [groupOfKey('team', 'Sales'), groupOfKey('team', NO_GROUP)] })).getAll('team')).toEqual(['Sales', 'none']);
    expect(q(drillHref(state, ALL_BY_FIRST_CUSTOMER, { group: [groupOfKey('tag', 'vip'), groupOfKey('tag', 'order')] })).getAll('tag')).toEqual(['vip', 'order']);
  });
  it('a channel group without a channel adds no channel filter (every conversation has one)', () => {
    expect(q(drillHref(state, ALL_STARTED, { group: [groupOfKey('channel', 'whatsapp'), groupOfKey('channel', NO_GROUP)] })).getAll('channel')).toEqual(['sms']);
  });
  it('agents: one at a time (the list takes one agent)', () => {
    expect(canDrillGroups([groupOfKey('agent', 'anna')])).toBe(true);
    expect(canDrillGroups([groupOfKey('agent', 'anna'), groupOfKey('agent', 'bob')])).toBe(false);
    expect(canDrillGroups([groupOfKey('team', 'a'), groupOfKey('team', 'b')])).toBe(true);
    expect(canDrillGroups([])).toBe(false);
  });
});
