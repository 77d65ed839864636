export * from './events.js';
export * from './api.js';
export * from './metrics.js';
export * from './report-params.js';
export * from './reports.js';
export * from './auth.js';
export * from './connectors.js';
export * from './views.js';
