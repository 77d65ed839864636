import { describe, expect, it } from '@jest/globals';
import type { BusinessHours } from '@parley/shared';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderApp } from '../../test/fake-api';
import { asAdmin, calls, csrf, member, onSettingsPage, routes, storedHours, writes } from './test-fixtures';

onSettingsPage();

const URL = '/api/v1/settings/business-hours';

const stored = storedHours;

/** Role queries over a form with ~400 zone options are slow in jsdom: the long walks get time for a busy machine. */
const SLOW = 30_000;

const section = () => screen.findByTestId('settings-business-hours');
const body = (c: { init: RequestInit }) => JSON.parse(String(c.init.body));

describe('Settings: business hours', () => {
  it('offers the Mon–Fri starter when there is none, and saves it with a holiday, Monday copied to the weekdays', async () => {
    asAdmin();
    renderApp();
    const s = await section();
    expect(s).toHaveTextContent('Used by the Business hours switch: response and resolution times count only open hours.');
    expect(await within(s).findByTestId('business-hours-empty')).toHaveTextContent('No business hours set — metrics use calendar time.');
    expect(within(s).queryByRole('button', { name: 'Save' })).toBeNull();

    fireEvent.click(within(s).getByRole('button', { name: 'Set up Mon–Fri 09:00–17:00' }));
    const monFrom = within(s).getByLabelText('Monday, hours 1, from');
    expect(monFrom).toHaveValue('09:00');
    expect(monFrom).toHaveFocus();
    expect(within(s).getByLabelText('Friday, hours 1, to')).toHaveValue('17:00');
    expect(within(s).getByTestId('bh-day-sat')).toHaveTextContent('Closed');
    // The zone defaults to the workspace's.
    expect(within(s).getByLabelText('Time zone')).toHaveValue('Europe/Berlin');

    // Monday: a typed "8" becomes 08:00 on leaving the field; a second interval after lunch; then copied.
    fireEvent.change(monFrom, { target: { value: '8' } });
    fireEvent.blur(monFrom);
    expect(monFrom).toHaveValue('08:00');
    fireEvent.change(within(s).getByLabelText('Monday, hours 1, to'), { target: { value: '12:00' } });
    fireEvent.click(within(s).getByRole('button', { name: 'Add open hours on Monday' }));
    expect(within(s).getByLabelText('Monday, hours 2, from')).toHaveValue('12:00');
    fireEvent.change(within(s).getByLabelText('Monday, hours 2, from'), { target: { value: '13:00' } });
    fireEvent.change(within(s).getByLabelText('Monday, hours 2, to'), { target: { value: '17:00' } });
    fireEvent.click(within(s).getByRole('button', { name: 'Copy Monday to Tue–Fri' }));
    expect(within(s).getByLabelText('Thursday, hours 2, to')).toHaveValue('17:00');
    // Friday closes: its only interval removed.
    fireEvent.click(within(s).getByRole('button', { name: 'Remove Friday, hours 2' }));
    fireEvent.click(within(s).getByRole('button', { name: 'Remove Friday, hours 1' }));
    expect(within(s).getByTestId('bh-day-fri')).toHaveTextContent('Closed');
    // The pressed button is gone; the keyboard stays on Friday.
    expect(within(s).getByRole('button', { name: 'Add open hours on Friday' })).toHaveFocus();

    // Holidays: sorted as added; an impossible date and a repeat are refused in place.
    const date = within(s).getByLabelText('Holiday date');
    fireEvent.change(date, { target: { value: '2026-12-26' } });
    fireEvent.click(within(s).getByRole('button', { name: 'Add holiday' }));
    fireEvent.change(date, { target: { value: '2026-12-25' } });
    fireEvent.keyDown(date, { key: 'Enter' });
    expect(within(within(s).getByTestId('business-hours-holidays')).getAllByRole('listitem').map((li) => li.querySelector('time')!.getAttribute('datetime'))).toEqual([
      '2026-12-25',
      '2026-12-26',
    ]);
    fireEvent.change(date, { target: { value: '2026-12-26' } });
    fireEvent.click(within(s).getByRole('button', { name: 'Add holiday' }));
    expect(within(s).getByRole('alert')).toHaveTextContent('2026-12-26 is already a holiday.');
    expect(date).toHaveAttribute('aria-invalid', 'true');
    const boxingDay = s.querySelector('time[datetime="2026-12-26"]')!.closest('li')!;
    fireEvent.click(within(boxingDay).getByRole('button', { name: /^Remove the holiday / }));
    expect(s.querySelector('time[datetime="2026-12-26"]')).toBeNull();
    expect(date).toHaveFocus();
    expect(writes('PUT', URL)).toHaveLength(0);

    const saved: BusinessHours = {
      timeZone: 'Europe/Berlin',
      mon: [
        ['08:00', '12:00'],
        ['13:00', '17:00'],
      ],
      tue: [
        ['08:00', '12:00'],
        ['13:00', '17:00'],
      ],
      wed: [
        ['08:00', '12:00'],
        ['13:00', '17:00'],
      ],
      thu: [
        ['08:00', '12:00'],
        ['13:00', '17:00'],
      ],
      fri: [],
      sat: [],
      sun: [],
      holidays: ['2026-12-25'],
    };
    routes[`PUT ${URL}`] = [{ status: 200, body: saved }];
    fireEvent.click(within(s).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(within(s).getByRole('status')).toHaveTextContent('Saved: open 4 days a week in Europe/Berlin, 1 holiday.'));
    const [put] = writes('PUT', URL);
    expect(body(put)).toEqual(saved);
    expect(csrf(put)).toBe('tok123');
    // "me" is asked again after the save: the filter bar's hours switch learns there is a schedule.
    await waitFor(() => expect(calls.filter((c) => c.url === '/api/v1/auth/me' && calls.indexOf(c) > calls.indexOf(put))).not.toHaveLength(0));
    // Now stored: it can be removed, and there is nothing left to discard.
    expect(within(s).getByRole('button', { name: 'Remove schedule' })).toBeInTheDocument();
    expect(within(s).queryByRole('button', { name: /Discard|Cancel/ })).toBeNull();
  }, SLOW);

  it('shows the stored schedule, refuses an overlap before asking the API, and places the API’s 400 on its field', async () => {
    asAdmin();
    routes[`GET ${URL}`] = [{ status: 200, body: stored }];
    renderApp();
    const s = await section();
    const tueTo = await within(s).findByLabelText('Tuesday, hours 1, to');
    expect(tueTo).toHaveValue('17:30');
    expect(within(s).getByLabelText('Friday, hours 1, to')).toHaveValue('24:00');
    expect(within(s).getByTestId('business-hours-holidays').querySelector('time')).toHaveAttribute('datetime', '2026-12-25');

    // Saving what is stored sends nothing.
    fireEvent.click(within(s).getByRole('button', { name: 'Save' }));
    expect(within(s).getByRole('status')).toHaveTextContent('Nothing to save: the schedule is as it was.');

    // An overlap on Monday: the form says so by the day, marks its times, and does not call the API.
    fireEvent.click(within(s).getByRole('button', { name: 'Add open hours on Monday' }));
    expect(within(s).getByLabelText('Monday, hours 3, from')).toHaveValue('17:30');
    fireEvent.change(within(s).getByLabelText('Monday, hours 3, from'), { target: { value: '16:00' } });
    expect(within(s).getByText('Unsaved changes')).toBeInTheDocument();
    fireEvent.click(within(s).getByRole('button', { name: 'Save' }));
    const monProblem = within(s).getByTestId('bh-problem-mon');
    expect(monProblem).toHaveTextContent('intervals 13:00–17:30 and 16:00–18:30 overlap');
    const monFrom3 = within(s).getByLabelText('Monday, hours 3, from');
    expect(monFrom3).toHaveAttribute('aria-invalid', 'true');
    expect(monFrom3).toHaveAccessibleDescription('intervals 13:00–17:30 and 16:00–18:30 overlap');
    expect(within(s).getByLabelText('Monday, hours 1, from')).toHaveFocus();
    expect(within(s).getByTestId('business-hours-error')).toHaveTextContent('Not saved: one problem is marked above.');
    expect(writes('PUT', URL)).toHaveLength(0);
    // Fixing it clears the problem at once.
    fireEvent.change(monFrom3, { target: { value: '17:30' } });
    expect(within(s).queryByTestId('bh-problem-mon')).toBeNull();
    expect(monFrom3).toHaveAttribute('aria-invalid', 'false');

    // The API's own 400 (say its rules moved on) lands on the field its path names.
    routes[`PUT ${URL}`] = [
      { status: 400, body: { statusCode: 400, error: 'Bad Request', message: ['tue.0.1: end "17:30" is after closing', 'timeZone: not an IANA time zone'] } },
    ];
    fireEvent.click(within(s).getByRole('button', { name: 'Save' }));
    const tueProblem = await within(s).findByTestId('bh-problem-tue.0.1');
    expect(tueProblem).toHaveTextContent('end "17:30" is after closing');
    expect(tueTo).toHaveAttribute('aria-invalid', 'true');
    expect(tueTo).toHaveAccessibleDescription('end "17:30" is after closing');
    expect(within(s).getByLabelText('Time zone')).toHaveAccessibleDescription(/zone, the workspace’s. not an IANA time zone$/);
    expect(within(s).getByTestId('business-hours-error')).toHaveTextContent('Not saved: 2 problems are marked above.');
    expect(writes('PUT', URL)).toHaveLength(1);

    // Any other refusal is said for the whole form.
    routes[`PUT ${URL}`] = [{ status: 403, body: { statusCode: 403, error: 'Forbidden', message: 'only admins may change the business hours' } }];
    fireEvent.click(within(s).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(within(s).getByTestId('business-hours-error')).toHaveTextContent('Not saved: only admins may change the business hours'));

    // Discarding goes back to what is stored.
    fireEvent.click(within(s).getByRole('button', { name: 'Discard changes' }));
    expect(within(s).queryByLabelText('Monday, hours 3, from')).toBeNull();
    expect(within(s).queryByTestId('business-hours-error')).toBeNull();
  }, SLOW);

  it('removes the schedule after a confirmation, back to the empty state', async () => {
    asAdmin();
    routes[`GET ${URL}`] = [{ status: 200, body: stored }];
    routes[`DELETE ${URL}`] = [{ status: 204 }];
    renderApp();
    const s = await section();
    fireEvent.click(await within(s).findByRole('button', { name: 'Remove schedule' }));
    expect(writes('DELETE', URL)).toHaveLength(0);
    const confirm = within(within(s).getByRole('group', { name: 'Remove the business hours?' })).getByRole('button', { name: 'Remove schedule' });
    expect(confirm).toHaveFocus();
    fireEvent.click(confirm);
    expect(await within(s).findByTestId('business-hours-empty')).toHaveTextContent('No business hours set');
    expect(within(s).getByRole('status')).toHaveTextContent('Removed. Metrics use calendar time again.');
    expect(csrf(writes('DELETE', URL)[0])).toBe('tok123');
  });

  it('says when the schedule cannot be read, and tries again on Retry', async () => {
    asAdmin();
    routes[`GET ${URL}`] = [
      { status: 503, body: { statusCode: 503, error: 'Service Unavailable', message: 'database unavailable' } },
      { status: 503, body: { statusCode: 503, error: 'Service Unavailable', message: 'database unavailable' } },
      { status: 503, body: { statusCode: 503, error: 'Service Unavailable', message: 'database unavailable' } },
      { status: 200, body: stored },
    ];
    renderApp();
    const s = await section();
    const panel = await within(s).findByRole('alert', {}, { timeout: 10_000 });
    expect(panel).toHaveTextContent('Parley had a problem answering');
    fireEvent.click(within(panel).getByRole('button', { name: 'Retry' }));
    expect(await within(s).findByLabelText('Friday, hours 1, to')).toHaveValue('24:00');
  }, 20_000);

  it('shows a member the schedule without anything to change', async () => {
    routes['GET /api/v1/auth/me'] = [{ status: 200, body: member }];
    routes[`GET ${URL}`] = [{ status: 200, body: stored }];
    renderApp();
    const s = await section();
    const summary = await within(s).findByTestId('business-hours-summary');
    expect(summary).toHaveTextContent('Monday09:00–12:00, 13:00–17:30');
    expect(summary).toHaveTextContent('WednesdayClosed');
    expect(summary).toHaveTextContent('Friday09:00–24:00');
    expect(summary).toHaveTextContent(/Holidays(25 Dec 2026|Dec 25, 2026)/);
    expect(within(s).queryByRole('textbox')).toBeNull();
    expect(within(s).queryByRole('button')).toBeNull();
  });
});
