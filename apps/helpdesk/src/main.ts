import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { describeStartupError } from '@rail/core';
import { AppModule } from './app.module.js';

async function bootstrap(): Promise<void> {
  // abortOnError=false: a failed start throws here, where describeStartupError explains it.
  // bodyParser=false: Rail parses JSON bodies itself, under its size limit.
  const app = await NestFactory.create(AppModule, { abortOnError: false, bodyParser: false });
  app.enableShutdownHooks();
  const port = Number(process.env.PORT ?? 3000);
  await app.listen(port, process.env.HOST ?? '127.0.0.1');
  new Logger('Helpdesk').log(`Helpdesk API ready at http://localhost:${port}/graphql`);
}

bootstrap().catch((error: unknown) => {
  console.error(`\nThe helpdesk could not start: ${describeStartupError(error)}\n`);
  process.exit(1);
});
