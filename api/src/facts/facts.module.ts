import { Module } from '@nestjs/common';
import { FactsRepository } from './facts.repository.js';
import { FactsService } from './facts.service.js';

@Module({ providers: [FactsService, FactsRepository], exports: [FactsService] })
export class FactsModule {}
