import { Module } from '@nestjs/common';
import { APP_OPTIONS, type AppOptions } from '../app.options.js';
import { DerivedModule } from '../derived/derived.module.js';
import { RollupsModule } from '../rollups/rollups.module.js';
import { StatisticsModule } from '../statistics/statistics.module.js';
import { EventsController } from './events.controller.js';
import { EventsRepository } from './events.repository.js';
import { EventsService } from './events.service.js';
import { IngestAdmission } from './ingest-admission.middleware.js';
import { IngestGate } from './ingest-gate.js';

@Module({
  imports: [DerivedModule, StatisticsModule, RollupsModule],
  controllers: [EventsController],
  providers: [
    EventsService,
    EventsRepository,
    IngestAdmission,
    {
      provide: IngestGate,
      inject: [APP_OPTIONS],
      useFactory: ({ config: { limits } }: AppOptions) => new IngestGate({ parallel: limits.ingestParallel, queue: limits.ingestQueue, writers: limits.ingestPool }),
    },
  ],
  exports: [EventsService, IngestGate],
})
export class EventsModule {}
