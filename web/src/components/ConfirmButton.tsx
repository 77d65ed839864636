/**
 * A destructive action in two steps: the button asks first ("Revoke key?"), in place, and only the
 * second button acts. Keyboard: the confirming button takes focus, Escape or Cancel goes back to
 * the first button.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';

export function ConfirmButton({
  label,
  question,
  confirmLabel,
  pendingLabel,
  pending = false,
  onConfirm,
  accessibleLabel,
}: {
  /** The first button's text ("Revoke"). */
  label: string;
  /** Shown with the confirming buttons ("Revoke this key?"). */
  question: string;
  /** The button that acts ("Revoke key"). */
  confirmLabel: string;
  pendingLabel: string;
  pending?: boolean;
  onConfirm: () => void;
  /** What the first button does, for screen readers ("Revoke the key Zendesk"). */
  accessibleLabel?: string;
}) {
  const [asking, setAsking] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  // Where focus goes after the step changes: null on first render, so nothing moves then.
  const focusNext = useRef<'trigger' | 'confirm' | null>(null);

  useEffect(() => {
    if (focusNext.current === 'confirm') confirm.current?.focus();
    else if (focusNext.current === 'trigger') trigger.current?.focus();
    focusNext.current = null;
  }, [asking]);

  const ask = () => {
    focusNext.current = 'confirm';
    setAsking(true);
  };
  const cancel = () => {
    focusNext.current = 'trigger';
    setAsking(false);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && !pending) {
      e.stopPropagation();
      cancel();
    }
  };

  if (!asking)
    return (
      <button ref={trigger} type="button" className="button small" onClick={ask} aria-label={accessibleLabel}>
        {label}
      </button>
    );
  return (
    <span className="confirm" role="group" aria-label={question} onKeyDown={onKeyDown}>
      <span className="confirm-question" aria-hidden="true">
        {question}
      </span>
      {/* aria-disabled, not disabled, while it works: a disabled button would drop the keyboard focus. */}
      <button ref={confirm} type="button" className="button small danger" onClick={() => !pending && onConfirm()} aria-disabled={pending}>
        {pending ? pendingLabel : confirmLabel}
      </button>
      <button type="button" className="button small" onClick={() => !pending && cancel()} aria-disabled={pending}>
        Cancel
      </button>
    </span>
  );
}
