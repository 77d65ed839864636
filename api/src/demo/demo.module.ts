import { Module } from '@nestjs/common';
import { ImportModule } from '../import/import.module.js';
import { KeysModule } from '../keys/keys.module.js';
import { WorkspacesModule } from '../workspaces/workspaces.module.js';
import { DemoService } from './demo.service.js';
import { AuthModule } from '../auth/auth.module.js';

@Module({ imports: [ImportModule, KeysModule, WorkspacesModule, AuthModule], providers: [DemoService], exports: [DemoService] })
export class DemoModule {}
