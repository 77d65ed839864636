import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { ImportService } from './import.service.js';

@Module({ imports: [EventsModule], providers: [ImportService], exports: [ImportService] })
export class ImportModule {}
