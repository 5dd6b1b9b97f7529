import { Global, Module, type Type } from '@nestjs/common';
import { RAIL_LOG_DESTINATION } from '@rail/observability';
import { setTimeout as sleep } from 'node:timers/promises';

export type LogLine = Record<string, unknown>;

/** pino's lines as the app writes them (the destination under RAIL_LOG_DESTINATION), for a test to read. */
export class CapturedLogLines {
  /** Every line, as written. */
  readonly raw: string[] = [];

  write(chunk: string): void {
    for (const line of chunk.split('\n')) if (line !== '') this.raw.push(line);
  }

  /** Every line parsed; throws on the first that is not JSON. */
  parsed(): LogLine[] {
    return this.raw.map((line) => JSON.parse(line) as LogLine);
  }

  /** Waits (5 s at most) for a line that matches: a request's line is written when its response has gone. */
  async find(predicate: (line: LogLine) => boolean): Promise<LogLine> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const found = this.parsed().find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error('No log line matched');
      await sleep(20);
    }
  }
}

/** A global module that hands the app a {@link CapturedLogLines}: pass it in `startStoreApp({ imports })`. */
export function captureLogLines(): { lines: CapturedLogLines; module: Type } {
  const lines = new CapturedLogLines();
  @Global()
  @Module({
    providers: [{ provide: RAIL_LOG_DESTINATION, useValue: lines }],
    exports: [RAIL_LOG_DESTINATION],
  })
  class CapturedLogLinesModule {}
  return { lines, module: CapturedLogLinesModule };
}
