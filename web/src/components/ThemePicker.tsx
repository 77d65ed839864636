/** System / Light / Dark, remembered by this browser (lib/theme.ts); a plain select, so keyboards and screen readers know it. */
import { useState } from 'react';
import { type ThemeChoice, THEMES, applyTheme, readTheme } from '../lib/theme';

const LABELS: Record<ThemeChoice, string> = { system: 'System theme', light: 'Light', dark: 'Dark' };

export function ThemePicker() {
  const [choice, setChoice] = useState<ThemeChoice>(() => readTheme());
  return (
    <select
      className="control theme-picker"
      aria-label="Colour theme"
      value={choice}
      onChange={(e) => {
        const next = e.target.value as ThemeChoice;
        applyTheme(next);
        setChoice(next);
      }}
    >
      {THEMES.map((t) => (
        <option key={t} value={t}>
          {LABELS[t]}
        </option>
      ))}
    </select>
  );
}
