import { Module } from '@nestjs/common';
import { CampaignsRepository } from './campaigns.repository.js';
import { CampaignsService } from './campaigns.service.js';
import { CampaignTouchesRepository } from './campaign-touches.repository.js';
import { MessageStatusRepository } from './message-status.repository.js';

/** The campaigns report and its derived tables (message_status, campaign_touches; maintained by DerivedStateService). */
@Module({
  providers: [CampaignsService, CampaignsRepository, MessageStatusRepository, CampaignTouchesRepository],
  exports: [CampaignsService, MessageStatusRepository, CampaignTouchesRepository],
})
export class CampaignsModule {}
