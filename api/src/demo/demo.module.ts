import { Module } from '@nestjs/common';
import { ImportModule } from '../import/import.module.js';
import { KeysModule } from '../keys/keys.module.js';
import { WorkspacesModule } from '../workspaces/workspaces.module.js';
import { DemoService } from './demo.service.js';

@Module({ imports: [ImportModule, KeysModule, WorkspacesModule], providers: [DemoService], exports: [DemoService] })
export class DemoModule {}
