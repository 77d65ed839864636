import { Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { APP_OPTIONS, type AppOptions } from '../app.options.js';
import type { WithDeadline } from '../common/request-timeout.js';
import { CONNECTORS, deliveryUrl } from './connectors.js';
import type { WebhookRequest } from './webhook-intake.middleware.js';
import { type DeliveryResult, WebhooksService } from './webhooks.service.js';

/**
 * Platform webhooks (connectors.md). No API key: the connection id in the URL locates the
 * connection, the platform's signature is the credential (WebhookIntake has read the raw body).
 */
@Controller('connectors')
export class WebhooksController {
  constructor(
    private readonly webhooks: WebhooksService,
    @Inject(APP_OPTIONS) private readonly options: AppOptions,
  ) {}

  /** The challenge as text/plain (set only on success: a refusal is the usual JSON error). */
  @Get(':kind/:connectionId')
  async handshake(
    @Param('kind') kind: string,
    @Param('connectionId') id: string,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const challenge = await this.webhooks.handshake(kind, id, query);
    res.type('text/plain; charset=utf-8');
    return challenge;
  }

  @Post(':kind/:connectionId')
  @HttpCode(200)
  async deliver(@Req() req: WebhookRequest & WithDeadline, @Res({ passthrough: true }) res: Response): Promise<DeliveryResult | string> {
    const connection = req.webhookConnection!;
    const url = deliveryUrl(this.options.config.publicUrl, `${req.protocol}://${req.get('host') ?? 'localhost'}`, req.originalUrl);
    const result = await this.webhooks.deliver(connection, req.body as Buffer, req.headers, req.deadline ?? Infinity, url);
    const answer = CONNECTORS[connection.kind as keyof typeof CONNECTORS].answer;
    if (!answer) return result;
    res.type(answer.contentType);
    return answer.body;
  }
}
