import { useEffect, useId, useRef, useState } from 'react';
import type { CreatedKey } from '@parley/shared';

/** The new key, once: a read-only box to copy it from, and why it must be copied now. */
export function NewKey({ created, onDone }: { created: CreatedKey; onDone: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [copy, setCopy] = useState<'idle' | 'copied' | 'manual'>('idle');
  const id = useId();

  useEffect(() => {
    // Focus and select the key, so Ctrl+C / ⌘C copies it at once and a screen reader reads the warning with it.
    input.current?.focus();
    input.current?.select();
    setCopy('idle');
  }, [created.key]);

  const copyKey = () => {
    const manual = () => {
      input.current?.focus();
      input.current?.select();
      setCopy('manual');
    };
    // The clipboard API exists only on https and localhost: otherwise the key is selected for the keyboard.
    if (navigator.clipboard?.writeText) navigator.clipboard.writeText(created.key).then(() => setCopy('copied'), manual);
    else manual();
  };

  return (
    <div className="new-key" data-testid="new-key" role="region" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>New key{created.name ? `: ${created.name}` : ''}</h3>
      <p id={`${id}-note`} className="new-key-note">
        <strong>Copy it now, it will not be shown again.</strong> Parley keeps only its start ({created.prefix}…); if the key is lost, revoke it and
        create another.
      </p>
      <div className="new-key-value">
        <label htmlFor={`${id}-key`} className="visually-hidden">
          The new API key
        </label>
        <input
          ref={input}
          id={`${id}-key`}
          className="control key-input"
          readOnly
          value={created.key}
          spellCheck={false}
          autoComplete="off"
          aria-describedby={`${id}-note`}
          onFocus={(e) => e.currentTarget.select()}
          data-testid="new-key-value"
        />
        <button type="button" className="button primary" onClick={copyKey}>
          {copy === 'copied' ? 'Copied' : 'Copy key'}
        </button>
      </div>
      <p className="hint" role="status">
        {copy === 'copied' ? 'The key is on your clipboard.' : copy === 'manual' ? 'The key is selected: press Ctrl+C (⌘C on a Mac) to copy it.' : ''}
      </p>
      <button type="button" className="button" onClick={onDone}>
        Done, hide the key
      </button>
    </div>
  );
}
