/**
 * Record ids as each CRM writes them, brought to one spelling so a reference finds its record
 * whichever export it came from: Salesforce writes 15-character case-sensitive ids in reports and
 * the UI, 18-character case-safe ids in Data Loader and the API; Dynamics writes GUIDs with or
 * without braces, in either case.
 */
export type IdFormat = 'salesforce' | 'guid' | 'text';

const suffixAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** A 15-character Salesforce id with its 3-character case-safe suffix (the documented checksum). */
export function salesforceId18(id: string): string {
  if (!/^[a-zA-Z0-9]{15}$/.test(id)) return id;
  let suffix = '';
  for (let block = 0; block < 3; block++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id.charCodeAt(block * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    suffix += suffixAlphabet[bits];
  }
  return id + suffix;
}

const guid = /^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$/;

export function normalizeCrmId(id: string, format: IdFormat): string {
  if (!id) return id;
  if (format === 'salesforce') return salesforceId18(id);
  if (format === 'guid') {
    const match = guid.exec(id);
    return match ? match[1].toLowerCase() : id;
  }
  return id;
}
