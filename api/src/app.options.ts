export const APP_OPTIONS = Symbol('APP_OPTIONS');

import type { Logger } from 'pino';
import type { Config } from './config.js';

/** What the app module is built with: the configuration and what was resolved from it at start. */
export interface AppOptions {
  config: Config;
  /** The database the app connects to: DATABASE_URL, or the embedded database's local socket. */
  databaseUrl: string;
  embedded: boolean;
  version: string;
  logger: Logger;
}
