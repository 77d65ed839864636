/**
 * While the API recomputes business-hours figures after a schedule change (me.workspace.businessHours.recompute),
 * says how far it is and that business-hours figures may be out of date; polls /auth/me for the
 * progress, and when it finishes has the reports fetched again (their business-hours figures changed).
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { ME_KEY } from '../api/hooks';
import { formatNumber, formatPercent } from '../lib/format';
import { useDashboard } from '../state';

/** How often the progress is asked for while a recomputation runs. */
export const RECOMPUTE_POLL_MS = 3000;

export function BusinessHoursNotice() {
  const { me } = useDashboard();
  const client = useQueryClient();
  const recompute = me.workspace.businessHours.recompute;
  const running = recompute !== null;
  const wasRunning = useRef(false);

  useEffect(() => {
    if (running) {
      wasRunning.current = true;
      const timer = setInterval(() => void client.invalidateQueries({ queryKey: ME_KEY }), RECOMPUTE_POLL_MS);
      return () => clearInterval(timer);
    }
    if (wasRunning.current) {
      wasRunning.current = false;
      void client.invalidateQueries({ queryKey: ['metrics'] });
    }
    return undefined;
  }, [running, client]);

  if (!recompute) return null;
  // Down to whole percent: 100% only once every conversation is done.
  const share = recompute.total > 0 ? Math.floor((100 * Math.min(recompute.done, recompute.total)) / recompute.total) / 100 : 0;
  return (
    <div className="data-range-notice business-hours-notice" role="status" data-testid="business-hours-recompute">
      <p>
        <strong>
          Recomputing business-hours figures after a schedule change: {formatPercent(share, undefined, 0)} ({formatNumber(recompute.done)} of {formatNumber(recompute.total)}{' '}
          conversations).
        </strong>{' '}
        Figures in business hours may be out of date until it finishes.
      </p>
    </div>
  );
}
