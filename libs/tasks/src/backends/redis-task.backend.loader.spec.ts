import { isMissingPackage, loadRedisTaskBackend } from './redis-task.backend.loader.js';
import { RedisTaskBackend } from './redis-task.backend.js';

/** The error Node raises for `import('bullmq')` where bullmq is not installed. */
function notInstalled(name: string): Error {
  const error = new Error(
    `Cannot find package '${name}' imported from /app/node_modules/@rail/tasks/dist/x.js`,
  );
  return Object.assign(error, { code: 'ERR_MODULE_NOT_FOUND' });
}

describe('loading the redis task backend', () => {
  it('loads the backend where bullmq is installed', async () => {
    await expect(loadRedisTaskBackend()).resolves.toBe(RedisTaskBackend);
  });

  it('says which package to install when bullmq is missing', async () => {
    const failure = loadRedisTaskBackend(() => Promise.reject(notInstalled('bullmq')));
    await expect(failure).rejects.toThrow(
      '@rail/tasks: the redis backend needs the package bullmq; npm install bullmq',
    );
  });

  it('passes any other failure on as it is', async () => {
    const other = notInstalled('ioredis');
    await expect(loadRedisTaskBackend(() => Promise.reject(other))).rejects.toBe(other);
    expect(isMissingPackage(new Error("Cannot find package 'bullmq'"), 'bullmq')).toBe(false);
  });
});
