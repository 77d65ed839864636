/** System / Light / Dark, remembered by this browser (lib/theme.ts); a plain select, so keyboards and screen readers know it. */
import { useState } from 'react';
import { type ThemeChoice, THEMES, applyTheme, readTheme } from '../lib/theme';

// Short: the select's name ("Colour theme") says what they choose; the top bar is narrow on phones.
const LABELS: Record<ThemeChoice, string> = { system: 'System', light: 'Light', dark: 'Dark' };

export function ThemePicker() {
  const [choice, setChoice] = useState<ThemeChoice>(() => readTheme());
  return (
    <select
      className="control theme-picker"
      aria-label="Colour theme"
      title="Colour theme"
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
