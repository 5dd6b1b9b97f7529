import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { RailModuleOptions } from './rail-options.schema.js';

export const {
  ConfigurableModuleClass: ConfigurableRailModule,
  MODULE_OPTIONS_TOKEN: RAIL_MODULE_OPTIONS,
  OPTIONS_TYPE: RAIL_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: RAIL_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<RailModuleOptions>().setClassMethodName('forRoot').build();
