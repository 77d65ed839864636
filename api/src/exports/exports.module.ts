import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module.js';
import { ExportsController } from './exports.controller.js';
import { ExportsRepository } from './exports.repository.js';
import { ExportsService } from './exports.service.js';

@Module({ imports: [MetricsModule], controllers: [ExportsController], providers: [ExportsService, ExportsRepository] })
export class ExportsModule {}
