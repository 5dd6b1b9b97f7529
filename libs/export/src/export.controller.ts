import { Body, Controller, Get, GoneException, Logger, Param, Post, Res } from '@nestjs/common';
import { ExpensiveOperations, Public, RailError, RailErrorCode, RequestContext } from '@rail/core';
import type { Response } from 'express';
import { Inject } from '@nestjs/common';
import { ExportFileLinks } from './export-file-links.js';
import { ExportRateLimiter } from './export-rate-limiter.js';
import { parseExportRequest } from './export-request.js';
import { EXPORT_STORAGE, type ExportStorage } from './export-storage.js';
import { EXPORT_CONTENT_TYPES, ExportService } from './export.service.js';

/**
 * `POST /api/v1/export` streams a CSV or XLSX file of a model's rows, under
 * the same rules as the GraphQL API; `GET /api/v1/export/files/:token`
 * downloads a background export through its signed link.
 */
@Controller('api/v1/export')
export class ExportController {
  private readonly logger = new Logger('Export');

  constructor(
    private readonly exports: ExportService,
    private readonly limiter: ExportRateLimiter,
    private readonly links: ExportFileLinks,
    private readonly context: RequestContext,
    @Inject(EXPORT_STORAGE) private readonly storage: ExportStorage,
    private readonly expensive: ExpensiveOperations,
  ) {}

  @Post()
  async export(@Body() body: unknown, @Res() response: Response): Promise<void> {
    const principal = this.context.principal;
    if (!principal) throw new RailError(RailErrorCode.UNAUTHENTICATED, 'Authentication required');
    const request = parseExportRequest(body);
    await this.limiter.consume(principal.userId);
    // The slot is held until the download ends, however it ends (finished, failed, client gone).
    const release = this.expensive.acquire(principal.userId, 'this export');
    response.once('close', release);
    // Every check happens here, before the first byte: a refused export answers a JSON error.
    const plan = await this.exports.plan(request, principal).catch((error: unknown) => {
      release();
      throw error;
    });
    response.status(200);
    response.setHeader('Content-Type', EXPORT_CONTENT_TYPES[request.format]);
    response.setHeader('Content-Disposition', `attachment; filename="${plan.filename}"`);
    response.setHeader('Cache-Control', 'no-store');
    try {
      await this.exports.write(plan, response, principal);
    } catch (error) {
      // Headers are out: the only honest signal left is a broken download.
      this.logger.error(
        `Export of ${plan.model.name} failed mid-stream`,
        error instanceof Error ? error.stack : String(error),
      );
      response.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** The link is the credential: no token needed, and it stops working when it expires. */
  @Public()
  @Get('files/:token')
  download(@Param('token') token: string, @Res() response: Response): void {
    const link = this.links.check(token);
    if (link.kind === 'expired') throw new GoneException('This download link has expired; ask for a new one');
    if (link.kind === 'invalid') throw new RailError(RailErrorCode.NOT_FOUND, 'No such export file');
    const { claims } = link;
    const file = this.storage.reader(claims.key);
    file.once('error', () => {
      if (!response.headersSent)
        response.status(404).json({ statusCode: 404, code: 'NOT_FOUND', message: 'No such export file' });
      else response.destroy();
    });
    file.once('open', () => {
      response.status(200);
      response.setHeader('Content-Type', EXPORT_CONTENT_TYPES[claims.format]);
      response.setHeader('Content-Disposition', `attachment; filename="${claims.filename}"`);
      response.setHeader('Cache-Control', 'no-store');
      file.pipe(response);
    });
  }
}
