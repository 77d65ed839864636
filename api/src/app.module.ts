import { type DynamicModule, Global, type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_OPTIONS, type AppOptions } from './app.options.js';
import { INGEST, poolOptions } from './database/connect.js';
import { ENTITIES, MIGRATIONS } from './database/schema.js';
import { EventsModule } from './events/events.module.js';
import { DerivedModule } from './derived/derived.module.js';
import { HealthModule } from './health/health.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { ExportsModule } from './exports/exports.module.js';
import { ImportModule } from './import/import.module.js';
import { DemoModule } from './demo/demo.module.js';
import { AuthModule } from './auth/auth.module.js';
import { AdminModule } from './admin/admin.module.js';
import { LOGGER } from './common/logger.js';
import { AuthMiddleware } from './auth/auth.middleware.js';
import { AccessGuard } from './auth/authenticated.decorator.js';
import { ingestBody, jsonBody } from './events/body.middleware.js';
import { IngestAdmission } from './events/ingest-admission.middleware.js';
import { KeysModule } from './keys/keys.module.js';
import { ConnectorsModule } from './connectors/connectors.module.js';
import { WebhookIntake } from './connectors/webhook-intake.middleware.js';
import { WorkspacesModule } from './workspaces/workspaces.module.js';
import { ViewsModule } from './views/views.module.js';
import { ConversationsModule } from './conversations/conversations.module.js';
import { LiveModule } from './live/live.module.js';
import { BusinessHoursModule } from './business-hours/business-hours.module.js';

@Global()
@Module({})
export class AppModule implements NestModule {
  /**
   * Authentication first (401 before any body is read), then ingest admission (429 before the
   * body of a busy workspace is read), then the ingest body parser.
   */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(AuthMiddleware).forRoutes({ path: '*path', method: RequestMethod.ALL });
    consumer.apply(IngestAdmission, ingestBody).forRoutes({ path: 'events', method: RequestMethod.POST });
    // Platform webhooks: no caller; the connection, rate limit, admission and raw body (connectors/).
    consumer.apply(WebhookIntake).forRoutes({ path: 'connectors/*path', method: RequestMethod.POST });
    consumer
      .apply(jsonBody(16 * 1024))
      .forRoutes(
        { path: 'auth/login', method: RequestMethod.POST },
        { path: 'admin/*path', method: RequestMethod.POST },
        { path: 'admin/*path', method: RequestMethod.PATCH },
        { path: 'connections', method: RequestMethod.POST },
        { path: 'views', method: RequestMethod.POST },
        { path: 'views/*path', method: RequestMethod.PATCH },
        { path: 'workspace', method: RequestMethod.PATCH },
        { path: 'auth/password', method: RequestMethod.POST },
        { path: 'settings/business-hours', method: RequestMethod.PUT },
      );
  }

  static forRoot(options: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: options.databaseUrl,
          entities: ENTITIES,
          migrations: MIGRATIONS,
          migrationsRun: true,
          synchronize: false,
          logging: false,
          retryAttempts: 3,
          retryDelay: 2000,
          extra: poolOptions(options.config.limits, options.config.limits.readPool, options.embedded),
        }),
        // Ingest transactions have a pool of their own: however many wait, reads keep theirs.
        TypeOrmModule.forRoot({
          name: INGEST,
          type: 'postgres',
          url: options.databaseUrl,
          entities: ENTITIES,
          synchronize: false,
          logging: false,
          retryAttempts: 3,
          retryDelay: 2000,
          extra: poolOptions(options.config.limits, options.config.limits.ingestPool, options.embedded),
        }),
        WorkspacesModule,
        KeysModule,
        DerivedModule,
        EventsModule,
        HealthModule,
        MetricsModule,
        ExportsModule,
        ImportModule,
        DemoModule,
        AuthModule,
        AdminModule,
        ConnectorsModule,
        ViewsModule,
        ConversationsModule,
        LiveModule,
        BusinessHoursModule,
      ],
      providers: [{ provide: APP_OPTIONS, useValue: options }, { provide: LOGGER, useValue: options.logger }, { provide: APP_GUARD, useClass: AccessGuard }],
      exports: [APP_OPTIONS, LOGGER],
    };
  }
}
