export const APP_OPTIONS = Symbol('APP_OPTIONS');

import type { Logger } from 'pino';

export interface AppOptions {
  databaseUrl: string;
  embedded: boolean;
  poolSize: number;
  version: string;
  logger: Logger;
}
