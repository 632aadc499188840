/** delete: the record is gone; anonymize: the record stays (counts, links) without personal data. */
export type RemovalMode = 'delete' | 'anonymize';
export const removalModes = ['delete', 'anonymize'] as const;
