export * from './events.js';
export * from './api.js';
export * from './metrics.js';
export * from './auth.js';
