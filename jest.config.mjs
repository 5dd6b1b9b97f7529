// Jest 30 runs in native-ESM mode: NestJS 12 is ESM-only and Jest's CommonJS
// runtime cannot require ESM on Node 20 (require(esm) came to it only in Node 24.9).
export default {
  rootDir: '.',
  moduleFileExtensions: ['js', 'json', 'ts'],
  testRegex: '.*\\.(e2e-)?spec\\.ts$',
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.esm-test.json' }],
  },
  moduleNameMapper: {
    '^@rail/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  testTimeout: 60000,
  maxWorkers: 2,
  // A worker exits the moment it is told to (measured: 0 ms, no handle left), but Jest
  // reports it as "failed to exit gracefully" when its own 500 ms timer fires first, which a
  // loaded 2-core machine under coverage makes happen now and then. A worker kept alive by a
  // real leak is still reported, 5 s later, and CI fails on that line.
  workerGracefulExitTimeout: 5000,
  // Coverage floors per library live in .ci/coverage-floors.json: CI checks them on its two
  // passes together (.ci/check-coverage.mjs), since the Redis and PostgreSQL paths run only
  // in the second one.
};
