import { useId, useRef, useState } from 'react';

/**
 * A value to copy (a webhook URL, a token): read-only text and a Copy button. The clipboard API
 * exists only on https and localhost; elsewhere the value is selected for Ctrl+C / ⌘C.
 */
export function CopyField({ label, value, testId, describedBy }: { label: string; value: string; testId?: string; describedBy?: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [copy, setCopy] = useState<'idle' | 'copied' | 'manual'>('idle');
  const id = useId();

  const select = () => {
    input.current?.focus();
    input.current?.select();
  };
  const copyValue = () => {
    const manual = () => {
      select();
      setCopy('manual');
    };
    if (navigator.clipboard?.writeText) navigator.clipboard.writeText(value).then(() => setCopy('copied'), manual);
    else manual();
  };

  return (
    <div className="copy-field">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <div className="new-key-value">
        <input
          ref={input}
          id={id}
          className="control key-input"
          readOnly
          value={value}
          spellCheck={false}
          autoComplete="off"
          aria-describedby={describedBy}
          onFocus={(e) => e.currentTarget.select()}
          data-testid={testId}
        />
        <button type="button" className="button small" onClick={copyValue} aria-label={`Copy the ${label.toLowerCase()}`}>
          {copy === 'copied' ? 'Copied' : 'Copy'}
        </button>
      </div>
      <p className="hint" role="status">
        {copy === 'copied' ? `The ${label.toLowerCase()} is on your clipboard.` : copy === 'manual' ? 'Selected: press Ctrl+C (⌘C on a Mac) to copy it.' : ''}
      </p>
    </div>
  );
}

/** A small Copy button for a value shown beside it (a table cell); says "Copied" once it is on the clipboard. */
export function CopyButton({ value, what }: { value: string; what: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = () => {
    if (navigator.clipboard?.writeText) navigator.clipboard.writeText(value).then(() => setState('copied'), () => setState('failed'));
    else setState('failed');
  };
  return (
    <button type="button" className="button small" onClick={copy} aria-label={`Copy ${what}`} title={state === 'failed' ? 'Copying is not allowed here: select the text and press Ctrl+C' : undefined}>
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Select to copy' : 'Copy'}
    </button>
  );
}
