import { Module } from '@nestjs/common';
import { FactsRepository } from './facts.repository.js';
import { FactsService } from './facts.service.js';
import { RollupsRepository } from './rollups.repository.js';

@Module({ providers: [FactsService, FactsRepository, RollupsRepository], exports: [FactsService] })
export class FactsModule {}
