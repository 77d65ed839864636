import type { ConnectorKind } from '@parley/shared';
import type { Connector } from './connector.js';
import { meta } from './meta.calculations.js';
import { whatsapp } from './whatsapp.calculations.js';

/** Every kind's connector (the other kinds of connectors.md plug in here). */
export const CONNECTORS: Record<ConnectorKind, Connector> = { whatsapp, meta };

export const isKind = (kind: string): kind is ConnectorKind => Object.hasOwn(CONNECTORS, kind);

/** The path of a connection's webhook (under the server's origin). */
export const webhookPath = (kind: string, id: string) => `/api/v1/connectors/${kind}/${id}`;
