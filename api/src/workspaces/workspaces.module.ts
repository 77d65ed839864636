import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DimensionsController } from './dimensions.controller.js';
import { DimensionsRepository } from './dimensions.repository.js';
import { DimensionsService } from './dimensions.service.js';
import { WorkspaceController } from './workspace.controller.js';
import { Workspace } from './workspace.entity.js';
import { WorkspacesRepository } from './workspaces.repository.js';
import { WorkspacesService } from './workspaces.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Workspace])],
  controllers: [WorkspaceController, DimensionsController],
  providers: [WorkspacesService, WorkspacesRepository, DimensionsService, DimensionsRepository],
  exports: [WorkspacesService],
})
export class WorkspacesModule {}
