import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { FactsModule } from '../facts/facts.module.js';
import { RollupsModule } from '../rollups/rollups.module.js';
import { DerivedRepository } from './derived.repository.js';
import { DerivedStateService } from './derived-state.service.js';

@Module({ imports: [FactsModule, RollupsModule, CampaignsModule], providers: [DerivedStateService, DerivedRepository], exports: [DerivedStateService] })
export class DerivedModule {}
