/**
 * Chart colours. A channel keeps its colour on every chart (WhatsApp is always green) so a
 * reader learns it once; other series take the palette in order.
 */
// Colours too dark for the dark theme's cards are CSS variables (styles.css "Dark theme"), their
// light value as the fallback; the others keep ≥ 3:1 against both themes' cards as they are.
export const PALETTE = ['var(--series-indigo, #4f46e5)', '#0891b2', '#16a34a', '#d97706', '#dc2626', '#9333ea', '#db2777', '#0d9488', '#65a30d', 'var(--series-slate, #475569)'];
export const PREVIOUS_COLOR = 'var(--series-previous, #8b93a7)';
export const OTHER_COLOR = 'var(--series-other, #cbd5e1)';

const CHANNELS: Record<string, string> = {
  whatsapp: '#16a34a',
  messenger: '#2563eb',
  instagram: '#db2777',
  sms: '#d97706',
  webchat: '#9333ea',
  email: 'var(--series-slate, #475569)',
  telegram: '#0891b2',
  twitter: '#0284c7',
};

export function seriesColor(index: number): string {
  return PALETTE[index % PALETTE.length];
}

export function channelColor(channel: string): string {
  if (CHANNELS[channel]) return CHANNELS[channel];
  // Unknown channels: a stable colour from the name, so it does not change with the filter.
  let h = 0;
  for (const ch of channel) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length];
}
