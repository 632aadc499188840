/**
 * Rows per range: big enough that each blocking statement's fixed cost (planning, the range's
 * keys read once) is spread over many rows, small enough that what is in flight stays small:
 * what a range holds while it is matched, routed and written survives young-generation
 * collections, which copy it (docs/benchmarks.md: measurements behind the code).
 */
export const defaultRangeSize = 2500;
