/**
 * The signed-in person's own account: change the password (any role). The server checks the
 * current one, then signs out every other session of the account; this one stays signed in.
 */
import { useId, useRef, useState, type FormEvent, type Ref } from 'react';
import { useChangePassword } from '../../api/hooks';
import { MIN_PASSWORD, passwordChangeError, passwordChangeProblem } from './logic';
import { SettingsSection } from './parts';

export function Account({ email }: { email: string }) {
  const change = useChangePassword();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeated, setRepeated] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  const currentInput = useRef<HTMLInputElement>(null);
  const id = useId();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (change.isPending) return;
    const refused = passwordChangeProblem(current, next, repeated);
    if (refused) return setFormError(refused);
    setFormError(null);
    setNotice('');
    change.mutate(
      { currentPassword: current, newPassword: next },
      {
        onSuccess: () => {
          // Nothing of the passwords stays in the page.
          setCurrent('');
          setNext('');
          setRepeated('');
          change.reset();
          setNotice('Your password was changed. Other browsers and devices signed in as you were signed out.');
          heading.current?.focus();
        },
        onError: () => currentInput.current?.focus(),
      },
    );
  };

  const field = (label: string, key: string, value: string, set: (v: string) => void, autoComplete: string, extra: { hint?: string; inputRef?: Ref<HTMLInputElement> } = {}) => (
    <div className="field settings-password">
      <label className="field-label" htmlFor={`${id}-${key}`}>
        {label}
      </label>
      <input
        id={`${id}-${key}`}
        ref={extra.inputRef}
        className="control"
        type="password"
        name={key}
        autoComplete={autoComplete}
        required
        maxLength={1024}
        aria-describedby={extra.hint ? `${id}-${key}-hint` : undefined}
        value={value}
        onChange={(e) => {
          set(e.target.value);
          setFormError(null);
        }}
      />
      {extra.hint && (
        <span id={`${id}-${key}-hint`} className="hint">
          {extra.hint}
        </span>
      )}
    </div>
  );

  return (
    <SettingsSection
      id={id}
      testId="settings-account"
      title="Your account"
      headingRef={heading}
      description={
        <>
          Signed in as <strong>{email}</strong>.
        </>
      }
    >
      <form className="settings-form account-form" onSubmit={submit} aria-label="Change your password">
        {/* For password managers: which account the new password belongs to. */}
        <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
        {field('Current password', 'current-password', current, setCurrent, 'current-password', { inputRef: currentInput })}
        {field('New password', 'new-password', next, setNext, 'new-password', { hint: `At least ${MIN_PASSWORD} characters.` })}
        {field('Repeat the new password', 'repeat-password', repeated, setRepeated, 'new-password')}
        <button type="submit" className="button primary" aria-disabled={change.isPending}>
          {change.isPending ? 'Changing…' : 'Change password'}
        </button>
        {(formError || change.isError) && (
          <p className="form-error settings-form-error" role="alert" data-testid="password-error">
            {formError ?? `Your password was not changed: ${passwordChangeError(change.error)}`}
          </p>
        )}
      </form>
      <p className="settings-notice" role="status" data-testid="password-notice">
        {notice}
      </p>
    </SettingsSection>
  );
}
