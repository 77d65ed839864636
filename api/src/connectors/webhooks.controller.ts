import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { WithDeadline } from '../common/request-timeout.js';
import type { WebhookRequest } from './webhook-intake.middleware.js';
import { type DeliveryResult, WebhooksService } from './webhooks.service.js';

/**
 * Platform webhooks (connectors.md). No API key: the connection id in the URL locates the
 * connection, the platform's signature is the credential (WebhookIntake has read the raw body).
 */
@Controller('connectors')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

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
  deliver(@Req() req: WebhookRequest & WithDeadline): Promise<DeliveryResult> {
    return this.webhooks.deliver(req.webhookConnection!, req.body as Buffer, req.headers, req.deadline ?? Infinity);
  }
}
