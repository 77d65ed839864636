import { Module } from '@nestjs/common';
import { CampaignsRepository } from './campaigns.repository.js';
import { CampaignsService } from './campaigns.service.js';
import { MessageStatusRepository } from './message-status.repository.js';

/** The campaigns report and its derived table (message_status, maintained by DerivedStateService). */
@Module({ providers: [CampaignsService, CampaignsRepository, MessageStatusRepository], exports: [CampaignsService, MessageStatusRepository] })
export class CampaignsModule {}
