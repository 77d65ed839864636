export const APP_OPTIONS = Symbol('APP_OPTIONS');

import type { Logger } from 'pino';
import type { Limits } from './config.js';

export interface AppOptions {
  databaseUrl: string;
  embedded: boolean;
  version: string;
  logger: Logger;
  limits: Limits;
}
