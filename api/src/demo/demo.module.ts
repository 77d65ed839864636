import { Module } from '@nestjs/common';
import { ImportModule } from '../import/import.module.js';
import { KeysModule } from '../keys/keys.module.js';
import { WorkspacesModule } from '../workspaces/workspaces.module.js';
import { DemoService } from './demo.service.js';
import { AuthModule } from '../auth/auth.module.js';
import { BusinessHoursModule } from '../business-hours/business-hours.module.js';

@Module({ imports: [ImportModule, KeysModule, WorkspacesModule, AuthModule, BusinessHoursModule], providers: [DemoService], exports: [DemoService] })
export class DemoModule {}
