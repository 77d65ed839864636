import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller.js';
import { MetricsRepository } from './metrics.repository.js';
import { MetricsService } from './metrics.service.js';
import { ReportsService } from './reports.service.js';

@Module({ controllers: [MetricsController], providers: [MetricsService, MetricsRepository, ReportsService], exports: [ReportsService] })
export class MetricsModule {}
