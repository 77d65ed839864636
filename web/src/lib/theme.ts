/**
 * The colour theme: the system's (prefers-color-scheme) unless the user picked Light or Dark, which
 * this browser remembers. index.html applies the same choice before the app loads (no flash of
 * the wrong theme); keep THEME_STORAGE_KEY in step with it.
 */
export const THEMES = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEMES)[number];
export const THEME_STORAGE_KEY = 'parley-theme';

/** The remembered choice; 'system' when none, or storage is unavailable (private mode, blocked). */
export function readTheme(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): ThemeChoice {
  try {
    const v = storage?.getItem(THEME_STORAGE_KEY);
    return (THEMES as readonly string[]).includes(v ?? '') ? (v as ThemeChoice) : 'system';
  } catch {
    return 'system';
  }
}

/**
 * Remembers a choice and applies it: data-theme on <html> says light or dark when chosen, and is
 * absent for 'system', where the stylesheet's prefers-color-scheme block decides.
 */
export function applyTheme(choice: ThemeChoice, root: HTMLElement = document.documentElement, storage: Pick<Storage, 'setItem' | 'removeItem'> | undefined = globalThis.localStorage): void {
  if (choice === 'system') root.removeAttribute('data-theme');
  else root.setAttribute('data-theme', choice);
  try {
    if (choice === 'system') storage?.removeItem(THEME_STORAGE_KEY);
    else storage?.setItem(THEME_STORAGE_KEY, choice);
  } catch {
    // Not remembered (storage blocked): it still applies to this page.
  }
}
