import { Module } from '@nestjs/common';
import { StatisticsRepository } from './statistics.repository.js';
import { StatisticsService } from './statistics.service.js';

@Module({ providers: [StatisticsService, StatisticsRepository], exports: [StatisticsService] })
export class StatisticsModule {}
