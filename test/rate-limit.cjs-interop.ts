// @nestjs/throttler, which @rail/rate-limit builds on, is CommonJS and require()s
// the ESM-only NestJS 12 packages. Node (>= 20.19) allows that; Jest's CommonJS
// runtime does not before Node 24.9. So a test process hands the require()
// calls the very ESM modules the app imports, as Node's require(esm) would: one
// @nestjs/common, one @nestjs/core, nothing replaced. Jest loads a CommonJS
// dependency while it links the importing ESM graph, before any of its modules
// runs: import this first, then the app (or @rail/rate-limit) with a dynamic
// import().
import { jest } from '@jest/globals';
import * as common from '@nestjs/common';
import * as core from '@nestjs/core';

jest.setMock('@nestjs/common', common);
jest.setMock('@nestjs/core', core);
