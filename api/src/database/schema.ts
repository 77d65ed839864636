import type { MigrationInterface, QueryRunner } from 'typeorm';
import { LIFT_STATEMENT_TIMEOUT } from './bounded-client.js';
import { MessageStatusRecord } from '../campaigns/message-status.entity.js';
import { CampaignTouchRecord } from '../campaigns/campaign-touches.entity.js';
import { ConnectionRecord } from '../connectors/connection.entity.js';
import { ChatwootLabelsRecord } from '../connectors/chatwoot-labels.entity.js';
import { LoginAttempt } from '../auth/login-attempt.entity.js';
import { LoginDevice } from '../auth/login-device.entity.js';
import { UserEmail } from '../auth/user-email.entity.js';
import { Session } from '../auth/session.entity.js';
import { User } from '../auth/user.entity.js';
import { EventRecord } from '../events/event.entity.js';
import { ConversationFactsRecord } from '../facts/conversation-facts.entity.js';
import { ApiKey } from '../keys/api-key.entity.js';
import { ContactFirstRecord } from '../rollups/contact-first.entity.js';
import { ContactKeyRecord } from '../rollups/contact-keys.entity.js';
import { ConversationHourRecord } from '../rollups/conversation-hours.entity.js';
import { ConversationKeyRecord } from '../rollups/conversation-keys.entity.js';
import { HourlyContactsRecord } from '../rollups/hourly-contacts.entity.js';
import { HourlyConversationsRecord } from '../rollups/hourly-conversations.entity.js';
import { HourlyEventsRecord } from '../rollups/hourly-events.entity.js';
import { HourlyRevenueRecord } from '../rollups/hourly-revenue.entity.js';
import { ReplyWaitRecord } from '../rollups/reply-waits.entity.js';
import { Workspace } from '../workspaces/workspace.entity.js';
import { SavedViewRecord } from '../views/saved-view.entity.js';
import { Init1764100000000 } from './migrations/1764100000000-Init.js';
import { ExportOrder1764200000000 } from './migrations/1764200000000-ExportOrder.js';
import { Accounts1764400000000 } from './migrations/1764400000000-Accounts.js';
import { Rollups1764500000000 } from './migrations/1764500000000-Rollups.js';
import { ContactSets1764600000000 } from './migrations/1764600000000-ContactSets.js';
import { HourlyConversations1764700000000 } from './migrations/1764700000000-HourlyConversations.js';
import { LoginAttempts1764830000000 } from './migrations/1764830000000-LoginAttempts.js';
import { Campaigns1764900000000 } from './migrations/1764900000000-Campaigns.js';
import { Connections1764950000000 } from './migrations/1764950000000-Connections.js';
import { ChatwootLabels1765030000000 } from './migrations/1765030000000-ChatwootLabels.js';
import { SavedViews1765100000000 } from './migrations/1765100000000-SavedViews.js';
import { Assignment1765300000000 } from './migrations/1765300000000-Assignment.js';
import { Waiting1765600000000 } from './migrations/1765600000000-Waiting.js';
import { CutRollups1765700000000 } from './migrations/1765700000000-CutRollups.js';
import { Live1765800000000 } from './migrations/1765800000000-Live.js';
import { CutChannelFirsts1765900000000 } from './migrations/1765900000000-CutChannelFirsts.js';
import { ListOrder1766000000000 } from './migrations/1766000000000-ListOrder.js';
import { LiveOpen1766100000000 } from './migrations/1766100000000-LiveOpen.js';
import { DistributionKeys1766200000000 } from './migrations/1766200000000-DistributionKeys.js';
import { ContactFirstAt1766400000000 } from './migrations/1766400000000-ContactFirstAt.js';
import { CampaignTouches1766500000000 } from './migrations/1766500000000-CampaignTouches.js';
import { DurationBins1766600000000 } from './migrations/1766600000000-DurationBins.js';
import { ResponderBins1766700000000 } from './migrations/1766700000000-ResponderBins.js';
import { DurationBinsRecord } from '../rollups/duration-bins.entity.js';
import { FactDurationRecord } from '../rollups/fact-durations.entity.js';
import { DurationDeltaRecord } from '../rollups/duration-deltas.entity.js';
import { CutFirsts1765500000000 } from './migrations/1765500000000-CutFirsts.js';
import { BusinessTime1765400000000 } from './migrations/1765400000000-BusinessTime.js';
import { BusinessHours1765200000000 } from './migrations/1765200000000-BusinessHours.js';
import { BusinessHoursRecord } from '../business-hours/business-hours.entity.js';

/**
 * A migration that lifts the per-statement bounds (PARLEY_STATEMENT_TIMEOUT_MS, 30 s: for
 * requests; on the server and in the client, bounded-client.ts) inside its transaction: a backfill over a big workspace takes minutes (setting
 * the cut flags of 10M events alone is 30 s), and a start that fails on it is an upgrade that
 * cannot happen.
 */
function unbounded<T extends new (...args: any[]) => MigrationInterface>(Migration: T): T {
  return class extends Migration {
    async up(q: QueryRunner): Promise<void> {
      await q.query(LIFT_STATEMENT_TIMEOUT);
      await super.up(q);
    }
  };
}

/** Migrations run in this order on every start; the schema is never synchronised from entities. */
export const MIGRATIONS = [Init1764100000000, ExportOrder1764200000000, Accounts1764400000000, Rollups1764500000000, ContactSets1764600000000, HourlyConversations1764700000000, LoginAttempts1764830000000, Campaigns1764900000000, Connections1764950000000, ChatwootLabels1765030000000, SavedViews1765100000000, BusinessHours1765200000000, Assignment1765300000000, BusinessTime1765400000000, CutFirsts1765500000000, Waiting1765600000000, CutRollups1765700000000, Live1765800000000, CutChannelFirsts1765900000000, ListOrder1766000000000, LiveOpen1766100000000, DistributionKeys1766200000000, ContactFirstAt1766400000000, CampaignTouches1766500000000, DurationBins1766600000000, ResponderBins1766700000000].map(unbounded);
/**
 * One entity per table (test/api/entities.e2e.ts checks they describe the migrated schema exactly).
 * Both DataSources (reads and ingest) load them all.
 */
export const ENTITIES = [
  Workspace,
  ApiKey,
  User,
  Session,
  LoginAttempt,
  LoginDevice,
  UserEmail,
  EventRecord,
  ConversationFactsRecord,
  ConversationHourRecord,
  HourlyEventsRecord,
  HourlyRevenueRecord,
  ContactFirstRecord,
  ReplyWaitRecord,
  ContactKeyRecord,
  ConversationKeyRecord,
  HourlyContactsRecord,
  HourlyConversationsRecord,
  MessageStatusRecord,
  CampaignTouchRecord,
  DurationBinsRecord,
  DurationDeltaRecord,
  FactDurationRecord,
  ConnectionRecord,
  ChatwootLabelsRecord,
  SavedViewRecord,
  BusinessHoursRecord,
];
