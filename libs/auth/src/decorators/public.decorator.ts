export { IS_PUBLIC, Public } from '@rail/core';
