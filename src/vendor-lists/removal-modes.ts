// a file of its own, so that `listgate purge --help` and `suppress --help` show the choices without loading Kysely
/** delete: the record is gone; anonymize: the record stays (counts, links) without personal data. */
export type RemovalMode = 'delete' | 'anonymize';
export const removalModes = ['delete', 'anonymize'] as const;
