import { Inject, Injectable } from '@nestjs/common';
import type { Health } from '@parley/shared';
import { APP_OPTIONS, type AppOptions } from '../app.options.js';
import { HealthRepository } from './health.repository.js';

@Injectable()
export class HealthService {
  constructor(
    private readonly repo: HealthRepository,
    @Inject(APP_OPTIONS) private readonly options: AppOptions,
  ) {}

  async check(): Promise<Health> {
    const up = await this.repo.ping(2000);
    return { status: up ? 'ok' : 'unavailable', database: up ? 'up' : 'down', embedded: this.options.embedded, version: this.options.version };
  }
}
