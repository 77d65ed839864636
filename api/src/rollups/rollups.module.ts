import { Module } from '@nestjs/common';
import { ContactFirstRepository } from './contact-first.repository.js';
import { ContactSetsRepository } from './contact-sets.repository.js';
import { DeltaFolder } from './delta-folder.service.js';
import { DurationBinsRepository } from './duration-bins.repository.js';
import { ConversationHoursRepository } from './conversation-hours.repository.js';
import { HourlyConversationsRepository } from './hourly-conversations.repository.js';
import { HourlyEventsRepository } from './hourly-events.repository.js';
import { HourlyRevenueRepository } from './hourly-revenue.repository.js';
import { ReplyWaitsRepository } from './reply-waits.repository.js';

const MAINTAINERS = [
  ConversationHoursRepository,
  HourlyEventsRepository,
  HourlyRevenueRepository,
  ReplyWaitsRepository,
  ContactFirstRepository,
  ContactSetsRepository,
  HourlyConversationsRepository,
  DurationBinsRepository,
];

/**
 * One maintainer per rollup table (contact sets: with their keys), run by DerivedStateService;
 * and the background fold of duration_deltas.
 */
@Module({ providers: [...MAINTAINERS, DeltaFolder], exports: [...MAINTAINERS, DeltaFolder] })
export class RollupsModule {}
