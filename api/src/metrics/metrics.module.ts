import { Module } from '@nestjs/common';
import { BinnedPercentilesRepository } from './binned-percentiles.repository.js';
import { BinnedPercentilesService } from './binned-percentiles.service.js';
import { BusinessHoursModule } from '../business-hours/business-hours.module.js';
import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { ConversationHoursMetricsRepository } from './conversation-hours-metrics.repository.js';
import { EventMetricsRepository } from './event-metrics.repository.js';
import { FactsMetricsRepository } from './facts-metrics.repository.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';
import { ReportsService } from './reports.service.js';
import { RollupsModule } from '../rollups/rollups.module.js';
import { RollupMetricsRepository } from './rollup-metrics.repository.js';

@Module({
  imports: [CampaignsModule, BusinessHoursModule, RollupsModule],
  controllers: [MetricsController],
  providers: [MetricsService, FactsMetricsRepository, EventMetricsRepository, RollupMetricsRepository, ConversationHoursMetricsRepository, ReportsService, BinnedPercentilesService, BinnedPercentilesRepository],
  exports: [ReportsService, MetricsService],
})
export class MetricsModule {}
