import type { LoggerService } from '@nestjs/common';

export interface LogEntry {
  readonly level: 'log' | 'error' | 'warn' | 'debug' | 'verbose' | 'fatal';
  readonly text: string;
}

/** A logger that keeps what the app logs, so a test can read it. */
export class CapturedLogs implements LoggerService {
  readonly entries: LogEntry[] = [];

  private keep(level: LogEntry['level'], message: unknown, params: unknown[]): void {
    // A logged object (a structured line) as JSON, as a JSON logger would write it.
    const text = (part: unknown): string =>
      typeof part === 'object' && part !== null && !(part instanceof Error)
        ? JSON.stringify(part)
        : String(part);
    this.entries.push({ level, text: [message, ...params].map(text).join(' ') });
  }

  log(message: unknown, ...params: unknown[]): void {
    this.keep('log', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.keep('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.keep('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.keep('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.keep('verbose', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.keep('fatal', message, params);
  }

  /** All text logged at a level, one entry per line. */
  at(level: LogEntry['level']): string {
    return this.entries
      .filter((entry) => entry.level === level)
      .map((entry) => entry.text)
      .join('\n');
  }
}
