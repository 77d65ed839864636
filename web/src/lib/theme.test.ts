import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PALETTE } from './colors';
import { THEME_STORAGE_KEY, applyTheme, readTheme } from './theme';

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), removeItem: (k: string) => void data.delete(k), data };
}

describe('the theme choice', () => {
  it('is the system unless this browser remembers Light or Dark', () => {
    expect(readTheme(memoryStorage())).toBe('system');
    expect(readTheme(memoryStorage({ [THEME_STORAGE_KEY]: 'dark' }))).toBe('dark');
    expect(readTheme(memoryStorage({ [THEME_STORAGE_KEY]: 'purple' }))).toBe('system');
    const blocked = { getItem: () => { throw new Error('SecurityError'); } };
    expect(readTheme(blocked)).toBe('system');
  });

  it('sets data-theme for Light and Dark, removes it for System, and remembers the choice', () => {
    const root = document.createElement('html');
    const storage = memoryStorage();
    applyTheme('dark', root, storage);
    expect(root.getAttribute('data-theme')).toBe('dark');
    expect(storage.data.get(THEME_STORAGE_KEY)).toBe('dark');
    applyTheme('light', root, storage);
    expect(root.getAttribute('data-theme')).toBe('light');
    applyTheme('system', root, storage);
    expect(root.hasAttribute('data-theme')).toBe(false);
    expect(storage.data.has(THEME_STORAGE_KEY)).toBe(false);
  });

  it('is applied before the app by public/theme.js, with the same storage key', () => {
    const script = readFileSync(join(__dirname, '../../public/theme.js'), 'utf8');
    expect(script).toContain(`localStorage.getItem('${THEME_STORAGE_KEY}')`);
    expect(readFileSync(join(__dirname, '../../index.html'), 'utf8')).toMatch(/<head>[\s\S]*<script src="\/theme.js"><\/script>[\s\S]*<\/head>/);
  });
});

// ---- the palettes in styles.css ----

const css = readFileSync(join(__dirname, '../styles.css'), 'utf8');
/** The custom properties declared in the first block after `selector`. */
function variables(selector: string): Map<string, string> {
  const start = css.indexOf(selector);
  expect(start).toBeGreaterThanOrEqual(0);
  const body = css.slice(css.indexOf('{', start) + 1, css.indexOf('}', start));
  return new Map([...body.matchAll(/(--[\w-]+):\s*([^;]+);/g)].map((m) => [m[1], m[2].trim()]));
}
const light = new Map([...variables(':root {'), ...variables('/* ---------- Dark theme')]);
const dark = variables(":root[data-theme='dark']");
const resolve = (palette: Map<string, string>, color: string) => color.replace(/^var\((--[\w-]+)(?:,\s*([^)]+))?\)$/, (_, name: string, fallback?: string) => palette.get(name) ?? fallback ?? '');

function luminance(color: string): number {
  const hex = color.length === 4 ? `#${[...color.slice(1)].map((c) => c + c).join('')}` : color;
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a: string, b: string) => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
};

describe('the dark palette', () => {
  it('is the same in the data-theme block and the prefers-color-scheme block', () => {
    expect(variables(":root:not([data-theme='light'])")).toEqual(dark);
  });

  it('overrides only variables the light theme defines', () => {
    for (const name of dark.keys()) if (!name.startsWith('--series-')) expect(light.has(name)).toBe(true);
  });

  it.each([
    ['light', light],
    ['dark', dark],
  ])('keeps text readable in the %s theme (≥ 4.5:1 on the page and on cards)', (_, palette) => {
    const p = (name: string) => palette.get(name) ?? light.get(name)!;
    for (const background of [p('--bg'), p('--surface')]) {
      expect(contrast(p('--text'), background)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(p('--muted'), background)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(p('--accent'), background)).toBeGreaterThanOrEqual(4.5);
    }
    expect(contrast(p('--good'), p('--good-bg'))).toBeGreaterThanOrEqual(4.5);
    expect(contrast(p('--bad'), p('--bad-bg'))).toBeGreaterThanOrEqual(4.5);
    // Buttons on the accent (primary) and on --bad (danger).
    expect(contrast(p('--on-accent'), p('--accent'))).toBeGreaterThanOrEqual(4.5);
    expect(contrast(p('--on-accent'), p('--bad'))).toBeGreaterThanOrEqual(4.5);
  });

  it.each([
    ['light', light],
    ['dark', dark],
  ])('keeps every palette series ≥ 3:1 against the cards in the %s theme', (_, palette) => {
    const surface = palette.get('--surface') ?? light.get('--surface')!;
    for (const color of PALETTE) expect(contrast(resolve(palette, color), surface)).toBeGreaterThanOrEqual(3);
  });
});
