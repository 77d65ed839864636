import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module.js';
import { ConversationsController } from './conversations.controller.js';
import { ConversationsRepository } from './conversations.repository.js';
import { ConversationsService } from './conversations.service.js';

@Module({ imports: [MetricsModule], controllers: [ConversationsController], providers: [ConversationsService, ConversationsRepository] })
export class ConversationsModule {}
