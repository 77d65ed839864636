import { csvRecordToEvent, unguard } from './import.calculations.js';

describe('unguard', () => {
  it.each([
    ["'+4915550001111", '+4915550001111'],
    ["'=SUM(A1)", '=SUM(A1)'],
    ["'-3", '-3'],
    ["'@x", '@x'],
    ["'plain", "'plain"],
    ['+49', '+49'],
  ])('%p → %p', (cell, text) => expect(unguard(cell)).toBe(text));
});

describe('csvRecordToEvent', () => {
  it('turns an events export row back into an event', () => {
    const record = {
      id: 'e1',
      type: 'csat.submitted',
      occurredAt: '2026-10-01T08:00:00.000000Z',
      conversationId: 'c1',
      contactId: "'+4915550001111",
      channel: 'sms',
      sender: '',
      rating: '5',
      value: '',
      tags: '["vip","order"]',
      attributes: '{"locale":"de-DE"}',
      receivedAt: '2026-10-01T08:00:01.000000Z',
    };
    expect(csvRecordToEvent(record)).toEqual({
      event: {
        id: 'e1',
        type: 'csat.submitted',
        occurredAt: '2026-10-01T08:00:00.000000Z',
        conversationId: 'c1',
        contactId: '+4915550001111',
        channel: 'sms',
        rating: 5,
        tags: ['vip', 'order'],
        attributes: { locale: 'de-DE' },
      },
    });
  });

  it('parses the sender JSON and keeps a non-number rating as text for validation to reject', () => {
    expect(csvRecordToEvent({ sender: '{"type":"agent","id":"ana"}', rating: 'five' })).toEqual({ event: { sender: { type: 'agent', id: 'ana' }, rating: 'five' } });
  });

  it('names a JSON column that does not parse', () => {
    expect(csvRecordToEvent({ tags: '[oops' })).toEqual({ error: 'tags: is not valid JSON' });
  });
});
