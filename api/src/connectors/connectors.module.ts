import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '../events/events.module.js';
import { ConnectionRecord } from './connection.entity.js';
import { ConnectionsController } from './connections.controller.js';
import { ConnectionsRepository } from './connections.repository.js';
import { ConnectionsService, SecretKey } from './connections.service.js';
import { WebhookIntake } from './webhook-intake.middleware.js';
import { WebhooksController } from './webhooks.controller.js';
import { WebhooksService } from './webhooks.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([ConnectionRecord]), EventsModule],
  controllers: [ConnectionsController, WebhooksController],
  providers: [ConnectionsRepository, ConnectionsService, SecretKey, WebhooksService, WebhookIntake],
  exports: [WebhookIntake, WebhooksService, ConnectionsRepository],
})
export class ConnectorsModule {}
