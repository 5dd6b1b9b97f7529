import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HeldRequest {
  readonly webhookId: string;
  readonly type: string;
  readonly at: number;
}

/**
 * A webhook receiver on 127.0.0.1 that answers 200 at once, after `delayMs`,
 * or, while `hold` is on, not until `release()`: a delivery held there is
 * in flight for as long as a test needs. Records every request it got.
 */
export async function startWebhookReceiver() {
  const received: HeldRequest[] = [];
  const held: ServerResponse[] = [];
  const control = { hold: false, delayMs: 0 };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { type: string };
      received.push({ webhookId: String(request.headers['webhook-id']), type: body.type, at: Date.now() });
      if (control.hold) held.push(response);
      else setTimeout(() => response.writeHead(200).end('ok'), control.delayMs);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    control,
    /** Answers the held requests (whose sender is still there) and stops holding. */
    release(): void {
      control.hold = false;
      for (const response of held.splice(0)) if (!response.destroyed) response.writeHead(200).end('ok');
    },
    async close(): Promise<void> {
      for (const response of held.splice(0)) response.destroy();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
