/**
 * Chart colours. A channel keeps its colour on every chart (WhatsApp is always green) so a
 * reader learns it once; other series take the palette in order.
 */
export const PALETTE = ['#4f46e5', '#0891b2', '#16a34a', '#d97706', '#dc2626', '#9333ea', '#db2777', '#0d9488', '#65a30d', '#475569'];
export const PREVIOUS_COLOR = '#94a3b8';
export const OTHER_COLOR = '#cbd5e1';

const CHANNELS: Record<string, string> = {
  whatsapp: '#16a34a',
  messenger: '#2563eb',
  instagram: '#db2777',
  sms: '#d97706',
  webchat: '#9333ea',
  email: '#475569',
  telegram: '#0891b2',
  twitter: '#0ea5e9',
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
