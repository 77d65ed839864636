import { Module } from '@nestjs/common';
import { ViewsController } from './views.controller.js';
import { ViewsRepository } from './views.repository.js';
import { ViewsService } from './views.service.js';

@Module({ controllers: [ViewsController], providers: [ViewsService, ViewsRepository] })
export class ViewsModule {}
