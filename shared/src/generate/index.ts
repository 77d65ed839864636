/**
 * @parley/shared/generate — the one seeded event generator (a subpath, so the web bundle never
 * pulls it in). Three profiles on one PRNG (mulberry32):
 * - generateEvents: the end-to-end tests' small exact scenarios (scenario.ts);
 * - planStream / streamEvents: the benchmark's N events in time order (stream.ts);
 * - generateDemoEvents: the demo workspace's believable data (demo.ts, demo-profile.ts), and
 *   demoBusinessHours: its schedule with a holiday inside the seeded days (demo-schedule.ts).
 */
export { CHANNEL_MIX, CLIENT_OFFSETS, type GeneratedEvent, isoWithOffset } from './event.js';
export { Random, randomBatches, rng, shuffle } from './random.js';
export { type LocalTime, TimeZone } from './time-zone.js';
export { type GenerateOptions, generateEvents } from './scenario.js';
export { planStream, type StreamOptions, type StreamPlan, streamEvents } from './stream.js';
export { type DemoOptions, generateDemoEvents } from './demo.js';
export {
  DEMO_AGENTS,
  DEMO_BOT_ID,
  DEMO_BROADCAST_ID,
  DEMO_CHANNELS,
  DEMO_DEFAULT_SEED,
  DEMO_TIME_ZONE,
  type DemoAgent,
  type DemoChannel,
  type DemoEvent,
  type DemoTeam,
} from './demo-profile.js';
export { DEMO_TEAMS, type DemoDesk } from './demo-profile.js';
export { demoBusinessHours, demoHolidayDay } from './demo-schedule.js';
