import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { describeStartupError } from '@rail/core';
import { RailLogger } from '@rail/observability';
import { AppModule } from './app.module.js';

async function bootstrap(): Promise<void> {
  // abortOnError=false: a failed start throws here, where it is explained,
  // instead of aborting the process with only a stack trace.
  // bodyParser=false: Rail parses JSON bodies itself, under its size cap (docs/security.md).
  // bufferLogs: start-up lines wait for the pino logger, so that every line is JSON (docs/observability.md).
  const app = await NestFactory.create(AppModule, {
    abortOnError: false,
    bodyParser: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(RailLogger));
  app.enableShutdownHooks();
  const port = Number(process.env.PORT ?? 3000);
  // All interfaces by default (containers); HOST=127.0.0.1 keeps the app on this machine.
  await app.listen(port, process.env.HOST ?? '0.0.0.0');
  new Logger('Bootstrap').log(`Rail store API ready at http://localhost:${port}/graphql`);
}

bootstrap().catch((error: unknown) => {
  console.error(`\nThe store API could not start: ${describeStartupError(error)}\n`);
  process.exit(1);
});
