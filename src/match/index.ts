/** The match stage: matchers as data, explained Fellegi-Sunter scores, blocking in the database. */
export { loadMatcher, parseMatcher, describeComparison, type Matcher, type MatchTarget } from './matcher.js';
export { matchBatch, matchBatchChunks, accountVia, type MatchBatchOptions } from './match-batch.js';
export { findInFileDuplicates, type InFileDuplicate } from './in-file-duplicates.js';
export { batchRowKeys, batchRowKeyColumns, type BatchRowKeys } from './stage-keys.js';
export { scorePair, explain, type MatchRecord } from './score.js';
export { personRecord } from './records.js';
export { forgetNameFrequencies } from './term-frequency.js';
export { dedupeRecords, linkRecords, readRecords, pairsToCsv, clustersToCsv } from './file-matching.js';
