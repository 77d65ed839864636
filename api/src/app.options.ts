export const APP_OPTIONS = Symbol('APP_OPTIONS');

export interface AppOptions {
  databaseUrl: string;
  embedded: boolean;
  poolSize: number;
  version: string;
}
