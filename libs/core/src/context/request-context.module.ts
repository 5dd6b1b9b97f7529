import { Logger, Module } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ClsModule, type ClsService } from 'nestjs-cls';
import { REQUEST_ID_HEADER } from './request-id.header.js';
import { resolveRequestId } from './request-id.js';
import { RequestContext, type RailRequestStore } from './request-context.service.js';

const logger = new Logger('RequestContext');

/** Opens a request context (nestjs-cls) for every HTTP request and echoes its id. */
@Module({
  imports: [
    ClsModule.forRoot({
      global: true,
      middleware: {
        mount: true,
        generateId: true,
        idGenerator: (req: Request) => {
          const { requestId, rejected } = resolveRequestId(req.headers[REQUEST_ID_HEADER]);
          if (rejected)
            logger.warn(`Ignored the client's ${REQUEST_ID_HEADER} (${rejected}); using ${requestId}`);
          return requestId;
        },
        setup: (cls: ClsService<RailRequestStore>, req: Request, res: Response) => {
          res.setHeader(REQUEST_ID_HEADER, cls.getId());
          cls.set('ip', req.ip);
          cls.set('userAgent', req.headers['user-agent']);
        },
      },
    }),
  ],
  providers: [RequestContext],
  exports: [RequestContext],
})
export class RequestContextModule {}
