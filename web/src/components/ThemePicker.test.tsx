import { afterEach, describe, expect, it } from '@jest/globals';
import { fireEvent, render, screen } from '@testing-library/react';
import { THEME_STORAGE_KEY } from '../lib/theme';
import { ThemePicker } from './ThemePicker';

afterEach(() => {
  localStorage.clear();
  document.documentElement.removeAttribute('data-theme');
});

describe('the theme picker', () => {
  it('starts on the remembered choice and applies a new one at once', () => {
    localStorage.setItem(THEME_STORAGE_KEY, 'light');
    render(<ThemePicker />);
    const select = screen.getByRole('combobox', { name: 'Colour theme' });
    expect(select).toHaveValue('light');
    fireEvent.change(select, { target: { value: 'dark' } });
    expect(document.documentElement).toHaveAttribute('data-theme', 'dark');
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('dark');
    fireEvent.change(select, { target: { value: 'system' } });
    expect(document.documentElement).not.toHaveAttribute('data-theme');
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBeNull();
  });
});
