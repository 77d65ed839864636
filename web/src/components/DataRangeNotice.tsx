/**
 * A period with no data because all of the workspace's data lies elsewhere (an import of old
 * data, say): says where the data is and offers to show it, instead of empty charts and no hint.
 */
import { dataRangeHint } from '../lib/data-range';
import { formatDay, formatDayRange } from '../lib/format';
import { useDashboard } from '../state';

export function DataRangeNotice() {
  const { me, period, update } = useDashboard();
  const hint = dataRangeHint(me.workspace.firstEventAt, me.workspace.lastEventAt, period);
  if (!hint) return null;
  const jump = formatDayRange(hint.jump.from, hint.jump.to);
  return (
    <div className="data-range-notice" role="status" data-testid="data-range-hint">
      <p>
        <strong>No data in {formatDayRange(period.from, period.last)}.</strong> This workspace has data from {formatDay(hint.first)} to {formatDay(hint.last)}.
      </p>
      <button type="button" className="button primary" onClick={() => update({ period: 'custom', from: hint.jump.from, to: hint.jump.to })}>
        Show {jump}
      </button>
    </div>
  );
}
