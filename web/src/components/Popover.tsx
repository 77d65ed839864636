/** A button that opens a small panel; Escape or a click outside closes it and focus goes back to the button. */
import { useEffect, useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react';

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
  const panel = useRef<HTMLDivElement>(null);
  const shift = useKeepInViewport(panel, open);

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
        <div className="popover-panel" id={panelId} role="dialog" aria-label={label} ref={panel} style={shift ? { transform: `translateX(${shift}px)` } : undefined}>
          {children(close)}
        </div>
      )}
    </div>
  );
}

/** The margin a popover keeps from the window's edges. */
const EDGE = 8;

/**
 * How far to move an open panel sideways so it stays inside the window: a button near the right
 * edge of a phone would otherwise open its panel half off-screen. Measured after every render
 * while open (the content may grow once loaded) and on resize.
 */
function useKeepInViewport(panel: React.RefObject<HTMLDivElement | null>, open: boolean): number {
  const [shift, setShift] = useState(0);
  const [, setSize] = useState(0);
  useLayoutEffect(() => {
    if (!open || !panel.current) return;
    const rect = panel.current.getBoundingClientRect();
    const width = document.documentElement.clientWidth;
    // Not laid out (no layout engine, or hidden): nothing to measure.
    if (width === 0 || rect.width === 0) return;
    // Where the panel would be without the current shift.
    const left = rect.left - shift;
    let next = 0;
    if (left + rect.width > width - EDGE) next = width - EDGE - (left + rect.width);
    if (left + next < EDGE) next = EDGE - left;
    if (Math.abs(next - shift) > 0.5) setShift(next);
  });
  useEffect(() => {
    if (!open) return;
    const onResize = () => setSize(window.innerWidth);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, [open]);
  return open ? shift : 0;
}
