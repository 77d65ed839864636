/** A button that opens a small panel; Escape or a click outside closes it and focus goes back to the button. */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

export function Popover({
  label,
  buttonText,
  children,
  className,
}: {
  /** Accessible name of the button. */
  label: string;
  buttonText: ReactNode;
  children: (close: () => void) => ReactNode;
  className?: string;
}) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();

  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };

  return (
    <div
      className={`popover ${className ?? ''}`}
      ref={root}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          close();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        className="control popover-button"
        aria-label={label}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((v) => !v)}
      >
        {buttonText}
        <span aria-hidden="true" className="chevron">
          ▾
        </span>
      </button>
      {open && (
        <div className="popover-panel" id={panelId} role="dialog" aria-label={label}>
          {children(close)}
        </div>
      )}
    </div>
  );
}
