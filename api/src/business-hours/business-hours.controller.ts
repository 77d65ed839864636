import { Body, Controller, Delete, Get, HttpCode, Put } from '@nestjs/common';
import type { BusinessHours } from '@parley/shared';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { type Caller, CurrentCaller } from '../auth/caller.js';
import { BusinessHoursService } from './business-hours.service.js';

/** The workspace's business-hours schedule: read by whoever may read metrics, written by admins. */
@Controller('settings/business-hours')
export class BusinessHoursController {
  constructor(private readonly hours: BusinessHoursService) {}

  @Get()
  @Authenticated({ scope: 'read' })
  get(@CurrentCaller() c: Caller): Promise<BusinessHours> {
    return this.hours.get(c);
  }

  @Put()
  @Authenticated({ scope: 'read', admin: true })
  put(@CurrentCaller() c: Caller, @Body() body: unknown): Promise<BusinessHours> {
    return this.hours.put(c, body);
  }

  @Delete()
  @HttpCode(204)
  @Authenticated({ scope: 'read', admin: true })
  remove(@CurrentCaller() c: Caller): Promise<void> {
    return this.hours.remove(c);
  }
}
