import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { ImportService } from './import.service.js';
import { ChatwootImportService } from './chatwoot-import.service.js';
import { ConnectorsModule } from '../connectors/connectors.module.js';

@Module({ imports: [EventsModule, ConnectorsModule], providers: [ImportService, ChatwootImportService], exports: [ImportService, ChatwootImportService] })
export class ImportModule {}
