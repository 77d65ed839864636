import { Module } from '@nestjs/common';
import { BusinessHoursController } from './business-hours.controller.js';
import { BusinessHoursRepository } from './business-hours.repository.js';
import { BusinessHoursService } from './business-hours.service.js';

@Module({ controllers: [BusinessHoursController], providers: [BusinessHoursService, BusinessHoursRepository], exports: [BusinessHoursService, BusinessHoursRepository] })
export class BusinessHoursModule {}
