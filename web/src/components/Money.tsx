/** Money in tables: every currency of a figure, one per line. */
import { revenueAmounts } from '../lib/chart-data';
import { NO_VALUE, formatCurrency } from '../lib/format';

/** Every currency of a revenue figure, one per line, in the page's order: narrower than one long line. */
export function MoneyLines({ revenue, order }: { revenue: Record<string, number>; /** The page's currencies, main first. */ order: string[] }) {
  const amounts = revenueAmounts(revenue, order);
  if (amounts.length === 0) return <>{NO_VALUE}</>;
  return (
    <>
      {amounts.map((a, i) => (
        <span key={a.currency} className="money-line">
          {/* Read aloud and copied as one line: "€1,200.00 · $300.00". */}
          {i > 0 && <span className="visually-hidden"> · </span>}
          {formatCurrency(a.value, a.currency)}
        </span>
      ))}
    </>
  );
}
