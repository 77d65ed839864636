import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { EventMetricsRepository } from './event-metrics.repository.js';
import { FactsMetricsRepository } from './facts-metrics.repository.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';
import { ReportsService } from './reports.service.js';
import { RollupMetricsRepository } from './rollup-metrics.repository.js';

@Module({
  imports: [CampaignsModule],
  controllers: [MetricsController],
  providers: [MetricsService, FactsMetricsRepository, EventMetricsRepository, RollupMetricsRepository, ReportsService],
  exports: [ReportsService],
})
export class MetricsModule {}
