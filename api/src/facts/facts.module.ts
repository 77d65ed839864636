import { Module } from '@nestjs/common';
import { FactsRepository } from './facts.repository.js';

@Module({ providers: [FactsRepository], exports: [FactsRepository] })
export class FactsModule {}
