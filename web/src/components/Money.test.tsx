import { describe, expect, it } from '@jest/globals';
import { render } from '@testing-library/react';
import { MoneyLines } from './Money';

describe('MoneyLines', () => {
  it('shows every currency on its own line in the page order, read as one line', () => {
    const { container } = render(<MoneyLines revenue={{ USD: 1869.9, EUR: 6198.05 }} order={['EUR', 'USD']} />);
    const lines = [...container.querySelectorAll('.money-line')];
    expect(lines).toHaveLength(2);
    expect(lines[0].textContent).toBe('€6,198.05');
    expect(lines[1].textContent).toBe(' · $1,869.90');
    expect(container.textContent).toBe('€6,198.05 · $1,869.90');
  });

  it('is a dash without revenue', () => {
    expect(render(<MoneyLines revenue={{}} order={[]} />).container.textContent).toBe('—');
  });
});
