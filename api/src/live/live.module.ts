import { Module } from '@nestjs/common';
import { FactsModule } from '../facts/facts.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { LiveController } from './live.controller.js';
import { LiveRepository } from './live.repository.js';
import { LiveService } from './live.service.js';

@Module({ imports: [MetricsModule, FactsModule], controllers: [LiveController], providers: [LiveService, LiveRepository] })
export class LiveModule {}
