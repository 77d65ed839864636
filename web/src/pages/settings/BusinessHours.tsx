/**
 * The business-hours section: the workspace's weekly open hours, its holidays and the zone they
 * are read in (docs/api.md, "Business hours"). Admins edit it (a week editor, a holiday list) and
 * save or remove it; members see it read-only (the API refuses them writes anyway, 403). The rules
 * and the mapping of the API's 400 onto fields are in ./business-hours-logic.
 */
import { type FormEvent, type KeyboardEvent, type ReactNode, type RefObject, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { BusinessHours as Schedule } from '@parley/shared';
import { useBusinessHours, useDeleteBusinessHours, usePutBusinessHours } from '../../api/hooks';
import { ConfirmButton } from '../../components/ConfirmButton';
import { EmptyNote, QueryView } from '../../components/status';
import { formatDay } from '../../lib/format';
import {
  BUSINESS_DAYS,
  type BusinessDay,
  DAY_NAMES,
  type FieldProblems,
  type ScheduleDraft,
  dayText,
  draftFrom,
  draftProblems,
  mondayToWeekdays,
  problemCount,
  problemKeysFor,
  sameSchedule,
  saveProblems,
  starterDraft,
  tidyTime,
  toRequest,
  withHoliday,
  withInterval,
  withTime,
  withoutHoliday,
  withoutInterval,
} from './business-hours-logic';
import { knownZones, problem, timeZoneChoices } from './logic';
import { SettingsSection } from './parts';

const PURPOSE = 'Used by the Business hours switch: response and resolution times count only open hours.';
const EMPTY = 'No business hours set — metrics use calendar time.';

/** A problem's element id: the field key with its dots made id-safe. */
const problemId = (prefix: string, key: string) => `${prefix}-p-${key.replace(/\./g, '-') || 'form'}`;

export function BusinessHours({ canEdit, workspaceZone }: { canEdit: boolean; workspaceZone: string }) {
  const query = useBusinessHours();
  const heading = useRef<HTMLHeadingElement>(null);
  const id = useId();
  return (
    <SettingsSection id={id} testId="settings-business-hours" title="Business hours" headingRef={heading} description={PURPOSE}>
      <QueryView query={query} skeletonHeight={160}>
        {(stored) =>
          canEdit ? (
            <Editor id={id} stored={stored} workspaceZone={workspaceZone} heading={heading} />
          ) : stored ? (
            <ScheduleSummary schedule={stored} />
          ) : (
            <EmptyNote>{EMPTY} Only an admin can set them.</EmptyNote>
          )
        }
      </QueryView>
    </SettingsSection>
  );
}

/** The schedule as text, for members. */
function ScheduleSummary({ schedule }: { schedule: Schedule }) {
  return (
    <dl className="bh-summary" data-testid="business-hours-summary">
      <dt>Time zone</dt>
      <dd>{schedule.timeZone.replace(/_/g, ' ')}</dd>
      {BUSINESS_DAYS.map((d) => (
        <div key={d} className="bh-summary-day">
          <dt>{DAY_NAMES[d]}</dt>
          <dd className={schedule[d].length ? undefined : 'muted'}>{dayText(schedule[d])}</dd>
        </div>
      ))}
      <dt>Holidays</dt>
      <dd>{schedule.holidays.length ? schedule.holidays.map((h) => formatDay(h)).join(', ') : <span className="muted">None</span>}</dd>
    </dl>
  );
}

function Editor({ id, stored, workspaceZone, heading }: { id: string; stored: Schedule | null; workspaceZone: string; heading: RefObject<HTMLHeadingElement | null> }) {
  const put = usePutBusinessHours();
  const remove = useDeleteBusinessHours();
  // null: showing what is stored (or the empty state); a draft once anything is changed.
  const [draft, setDraft] = useState<ScheduleDraft | null>(null);
  const [problems, setProblems] = useState<FieldProblems>({});
  // After a refused save the draft is checked again on every change, so a fixed field clears at once.
  const [checking, setChecking] = useState(false);
  const [notice, setNotice] = useState('');
  const [holiday, setHoliday] = useState('');
  const [holidayProblem, setHolidayProblem] = useState<string | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const holidayInput = useRef<HTMLInputElement>(null);
  const [focusTarget, setFocusTarget] = useState<{ selector: string } | null>(null);

  const shown = draft ?? (stored ? draftFrom(stored) : null);
  const zone = shown?.timeZone ?? workspaceZone;
  // The same option elements every render: a keystroke in a time need not reconcile ~400 zones.
  const zoneOptions = useMemo(
    () =>
      timeZoneChoices(zone, knownZones()).map((z) => (
        <option key={z} value={z}>
          {z.replace(/_/g, ' ')}
        </option>
      )),
    [zone],
  );

  // Focus moves after the form re-renders: to the first field in error, or the first time after "Set up".
  useEffect(() => {
    if (!focusTarget) return;
    form.current?.querySelector<HTMLElement>(focusTarget.selector)?.focus();
    setFocusTarget(null);
  }, [focusTarget]);

  const edit = (next: ScheduleDraft) => {
    setDraft(next);
    setNotice('');
    put.reset();
    setProblems(checking ? draftProblems(next) : {});
  };

  if (!shown)
    return (
      <div className="bh-empty" data-testid="business-hours-empty">
        <EmptyNote>{EMPTY}</EmptyNote>
        <button
          type="button"
          className="button"
          onClick={() => {
            setDraft(starterDraft(workspaceZone));
            setNotice('');
            setFocusTarget({ selector: 'input' });
          }}
        >
          Set up Mon–Fri 09:00–17:00
        </button>
        <p className="settings-notice" role="status">
          {notice}
        </p>
      </div>
    );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (put.isPending) return;
    setNotice('');
    if (stored && sameSchedule(shown, stored)) {
      setProblems({});
      setDraft(null);
      return setNotice('Nothing to save: the schedule is as it was.');
    }
    const found = draftProblems(shown);
    setChecking(true);
    setProblems(found);
    if (problemCount(found)) return setFocusTarget({ selector: '[aria-invalid="true"]' });
    put.mutate(toRequest(shown), {
      onSuccess: (saved) => {
        setDraft(null);
        setChecking(false);
        setProblems({});
        const open = BUSINESS_DAYS.filter((d) => saved[d].length).length;
        setNotice(`Saved: open ${open} ${open === 1 ? 'day' : 'days'} a week in ${saved.timeZone}, ${saved.holidays.length} ${saved.holidays.length === 1 ? 'holiday' : 'holidays'}.`);
      },
      onError: (error) => {
        setProblems(saveProblems(error));
        setFocusTarget({ selector: '[aria-invalid="true"]' });
      },
    });
  };

  const removeSchedule = () =>
    remove.mutate(undefined, {
      onSuccess: () => {
        setDraft(null);
        setProblems({});
        setChecking(false);
        setNotice('Removed. Metrics use calendar time again.');
        heading.current?.focus();
      },
    });

  const addHoliday = () => {
    const r = withHoliday(shown, holiday);
    if ('problem' in r) return setHolidayProblem(r.problem);
    setHolidayProblem(null);
    setHoliday('');
    edit(r.draft);
  };
  const holidayKey = (e: KeyboardEvent) => {
    // Enter adds the date, not saves the whole form.
    if (e.key === 'Enter') {
      e.preventDefault();
      addHoliday();
    }
  };

  const messages = (key: string) =>
    problems[key]?.length ? (
      <ul className="bh-problems" id={problemId(id, key)} data-testid={`bh-problem-${key || 'form'}`}>
        {problems[key].map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    ) : null;
  /** aria-invalid and aria-describedby of an input from the keys whose problems concern it. */
  const invalidity = (keys: string[]) => {
    const present = keys.filter((k) => problems[k]?.length);
    return { 'aria-invalid': present.length > 0, 'aria-describedby': present.map((k) => problemId(id, k)).join(' ') || undefined };
  };

  const zoneProblems = invalidity(['timeZone']);
  const zoneInvalidity = { ...zoneProblems, 'aria-describedby': [`${id}-bh-zone-hint`, zoneProblems['aria-describedby']].filter(Boolean).join(' ') };
  const dirty = draft !== null && !sameSchedule(draft, stored);
  const total = problemCount(problems);
  const formLevel = problems[''];

  return (
    <>
      <form ref={form} className="settings-form bh-form" onSubmit={submit} aria-label="Business hours" noValidate>
        <div className="field bh-zone">
          <label className="field-label" htmlFor={`${id}-bh-zone`}>
            Time zone
          </label>
          <select
            id={`${id}-bh-zone`}
            className="control"
            name="business-hours-time-zone"
            value={shown.timeZone}
            onChange={(e) => edit({ ...shown, timeZone: e.target.value })}
            {...zoneInvalidity}
          >
            {zoneOptions}
          </select>
          <span className="hint" id={`${id}-bh-zone-hint`}>
            The hours and holidays are read in this zone{zone === workspaceZone ? ', the workspace’s' : ''}.</span>
          {messages('timeZone')}
        </div>

        <fieldset className="field bh-week">
          <legend className="field-label">Open hours</legend>
          <p className="hint">Times as HH:MM, 24-hour; 24:00 ends a day at midnight. A day without hours is closed.</p>
          {BUSINESS_DAYS.map((day) => (
            <DayRow
              key={day}
              day={day}
              list={shown[day]}
              onAdd={() => edit(withInterval(shown, day))}
              onRemove={(i) => {
                edit(withoutInterval(shown, day, i));
                // The pressed button is gone: keep the keyboard on the day.
                setFocusTarget({ selector: `[data-testid="bh-day-${day}"] .bh-add` });
              }}
              onTime={(i, end, value) => edit(withTime(shown, day, i, end, value))}
              onCopy={day === 'mon' ? () => edit(mondayToWeekdays(shown)) : undefined}
              invalidity={invalidity}
              messages={messages}
            />
          ))}
        </fieldset>

        <fieldset className="field bh-holidays">
          <legend className="field-label">Holidays</legend>
          <p className="hint">Dates closed all day, in the schedule’s zone.</p>
          <div className="bh-holiday-add">
            <label className="field">
              <span className="hint">Holiday date</span>
              <input
                ref={holidayInput}
                className="control"
                type="date"
                name="holiday"
                value={holiday}
                onChange={(e) => {
                  setHoliday(e.target.value);
                  setHolidayProblem(null);
                }}
                onKeyDown={holidayKey}
                aria-invalid={holidayProblem !== null}
                aria-describedby={holidayProblem ? `${id}-holiday-problem` : undefined}
              />
            </label>
            <button type="button" className="button small" onClick={addHoliday}>
              Add holiday
            </button>
          </div>
          {holidayProblem && (
            <p className="bh-problems" id={`${id}-holiday-problem`} role="alert">
              {holidayProblem}
            </p>
          )}
          {shown.holidays.length ? (
            <ul className="bh-holiday-list" aria-label="Holidays" data-testid="business-hours-holidays">
              {shown.holidays.map((h, i) => (
                <li key={h}>
                  <time dateTime={h}>{formatDay(h)}</time>
                  <button
                    type="button"
                    className="button small"
                    aria-label={`Remove the holiday ${formatDay(h)}`}
                    onClick={() => {
                      edit(withoutHoliday(shown, h));
                      holidayInput.current?.focus();
                    }}
                  >
                    Remove
                  </button>
                  {messages(`holidays.${i}`)}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted bh-no-holidays">No holidays.</p>
          )}
          {messages('holidays')}
        </fieldset>

        <div className="bh-actions">
          <button type="submit" className="button primary" aria-disabled={put.isPending}>
            {put.isPending ? 'Saving…' : 'Save'}
          </button>
          {draft !== null && (
            <button
              type="button"
              className="button"
              onClick={() => {
                setDraft(null);
                setProblems({});
                setChecking(false);
                put.reset();
                setNotice(stored ? 'Changes discarded.' : '');
                heading.current?.focus();
              }}
            >
              {stored ? 'Discard changes' : 'Cancel'}
            </button>
          )}
          {dirty && <span className="muted bh-dirty">Unsaved changes</span>}
          {stored && (
            <span className="bh-remove">
              <ConfirmButton
                label="Remove schedule"
                question="Remove the business hours?"
                confirmLabel="Remove schedule"
                pendingLabel="Removing…"
                pending={remove.isPending}
                onConfirm={removeSchedule}
              />
            </span>
          )}
        </div>
        {total > 0 && (
          <div className="form-error settings-form-error" role="alert" data-testid="business-hours-error">
            {formLevel ? `Not saved: ${formLevel.join(' ')}` : `Not saved: ${total === 1 ? 'one problem is' : `${total} problems are`} marked above.`}
          </div>
        )}
      </form>
      <p className="settings-notice" role="status">
        {notice}
      </p>
      {remove.isError && (
        <p className="form-error" role="alert" data-testid="business-hours-remove-error">
          The schedule was not removed: {problem(remove.error)}
        </p>
      )}
    </>
  );
}

function DayRow({
  day,
  list,
  onAdd,
  onRemove,
  onTime,
  onCopy,
  invalidity,
  messages,
}: {
  day: BusinessDay;
  list: [string, string][];
  onAdd: () => void;
  onRemove: (index: number) => void;
  onTime: (index: number, end: 0 | 1, value: string) => void;
  onCopy?: () => void;
  invalidity: (keys: string[]) => { 'aria-invalid': boolean; 'aria-describedby': string | undefined };
  messages: (key: string) => ReactNode;
}) {
  const name = DAY_NAMES[day];
  const timeInput = (i: number, end: 0 | 1, value: string) => (
    <label className="bh-time">
      <span className="visually-hidden">{`${name}, hours ${i + 1}, ${end === 0 ? 'from' : 'to'}`}</span>
      <input
        className="control"
        name={`${day}-${i}-${end === 0 ? 'from' : 'to'}`}
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        placeholder="HH:MM"
        maxLength={5}
        value={value}
        onChange={(e) => onTime(i, end, e.target.value)}
        onBlur={(e) => {
          const tidy = tidyTime(e.target.value);
          if (tidy !== e.target.value) onTime(i, end, tidy);
        }}
        {...invalidity(problemKeysFor(day, i, end))}
      />
    </label>
  );
  return (
    <div className="bh-day" role="group" aria-label={name} data-testid={`bh-day-${day}`}>
      <span className="bh-day-name" aria-hidden="true">
        {name}
      </span>
      <div className="bh-day-hours">
        {list.length === 0 ? (
          <span className="muted bh-closed">Closed</span>
        ) : (
          <ul className="bh-intervals">
            {list.map(([from, to], i) => (
              // Index keys: the values are the draft's, so a removed row's inputs simply show the next one's.
              <li key={i} className="bh-interval">
                {timeInput(i, 0, from)}
                <span aria-hidden="true">–</span>
                {timeInput(i, 1, to)}
                <button type="button" className="button small" aria-label={`Remove ${name}, hours ${i + 1}`} onClick={() => onRemove(i)}>
                  Remove
                </button>
                {messages(`${day}.${i}.0`)}
                {messages(`${day}.${i}.1`)}
                {messages(`${day}.${i}`)}
              </li>
            ))}
          </ul>
        )}
        {messages(day)}
        <div className="bh-day-actions">
          <button type="button" className="link-button bh-add" aria-label={`Add open hours on ${name}`} onClick={onAdd}>
            + Add hours
          </button>
          {onCopy && (
            <button type="button" className="link-button" onClick={onCopy}>
              Copy Monday to Tue–Fri
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
