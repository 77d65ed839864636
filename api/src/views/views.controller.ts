import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import type { SavedView } from '@parley/shared';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { type Caller, CurrentCaller } from '../auth/caller.js';
import { ViewsService } from './views.service.js';

/** The signed-in user's saved views (private to them; API keys are refused). */
@Controller('views')
@Authenticated({ scope: 'read', user: true })
export class ViewsController {
  constructor(private readonly views: ViewsService) {}

  @Get()
  list(@CurrentCaller() c: Caller): Promise<SavedView[]> {
    return this.views.list(c);
  }

  @Post()
  create(@CurrentCaller() c: Caller, @Body() body: unknown): Promise<SavedView> {
    return this.views.create(c, body);
  }

  @Patch(':id')
  update(@CurrentCaller() c: Caller, @Param('id') id: string, @Body() body: unknown): Promise<SavedView> {
    return this.views.update(c, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@CurrentCaller() c: Caller, @Param('id') id: string): Promise<void> {
    return this.views.remove(c, id);
  }
}
