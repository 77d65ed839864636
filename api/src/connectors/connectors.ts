import type { ConnectorKind } from '@parley/shared';
import type { Connector } from './connector.js';
import { meta } from './meta.calculations.js';
import { telegram } from './telegram.calculations.js';
import { twilio } from './twilio.calculations.js';
import { whatsapp } from './whatsapp.calculations.js';
import { chatwoot } from './chatwoot.calculations.js';

/** Every kind's connector (the other kinds of connectors.md plug in here). */
export const CONNECTORS: Record<ConnectorKind, Connector> = { whatsapp, meta, telegram, twilio, chatwoot };

export const isKind = (kind: string): kind is ConnectorKind => Object.hasOwn(CONNECTORS, kind);

/** The path of a connection's webhook (under the server's origin). */
export const webhookPath = (kind: string, id: string) => `/api/v1/connectors/${kind}/${id}`;

/**
 * The full URL a delivery was sent to, as the platform saw it (Twilio signs it): the public origin
 * (PARLEY_PUBLIC_URL; behind a proxy the request's own is not it), else the request's, then the
 * path and query as received.
 */
export const deliveryUrl = (publicUrl: string | undefined, origin: string, originalUrl: string) => `${publicUrl ?? origin}${originalUrl}`;
