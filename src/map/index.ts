/** Column mapping: a file's headers to canonical fields (pipeline overrides, vendor id column, synonyms). */
export { buildColumnMapping, rowMapper, mapRow, type ColumnMapping, type ColumnAssignment, type MappingSettings, type MappingSource } from './column-mapping.js';
export { headerSynonyms, vendorIdSynonyms, headerKey, fieldForHeader, headerHint, vendorIdRank } from './header-synonyms.js';
