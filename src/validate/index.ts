/** Validation: every row's issues and the reject decision; and the whole read stage in one call. */
export { validateRow, withoutPlaceholders } from './validate-row.js';
export { isJunkWord, isJunkName, isPlaceholderValue, isPlaceholderEmailDomain } from './junk.js';
export { readNormalizedRows, type ReadListResult, type ReadSettings } from './read-normalized-rows.js';
export { inspectListFile, type InspectOptions } from './inspect-list.js';
