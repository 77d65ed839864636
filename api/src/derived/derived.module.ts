import { Module } from '@nestjs/common';
import { BusinessHoursModule } from '../business-hours/business-hours.module.js';
import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { FactsModule } from '../facts/facts.module.js';
import { RollupsModule } from '../rollups/rollups.module.js';
import { BusinessTimeRepository } from './business-time.repository.js';
import { BusinessTimeService } from './business-time.service.js';
import { DerivedRepository } from './derived.repository.js';
import { DerivedStateService } from './derived-state.service.js';

@Module({ imports: [FactsModule, RollupsModule, CampaignsModule, BusinessHoursModule], providers: [DerivedStateService, DerivedRepository, BusinessTimeService, BusinessTimeRepository], exports: [DerivedStateService, BusinessTimeService] })
export class DerivedModule {}
