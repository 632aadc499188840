/**
 * An XLSX (zip) buffer with every entry's modification time set to one fixed date, so a sample
 * written twice is the same bytes (the zip writer stamps the clock's time). Used by
 * scripts/make-samples.ts and scripts/make-crm-samples.ts.
 */
export function fixedZipTimes(zip: Buffer): Buffer {
  const dosTime = 0;
  const dosDate = ((2026 - 1980) << 9) | (3 << 5) | 13;
  let eocd = zip.length - 22;
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('XLSX: no zip end record');
  const entries = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < entries; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('XLSX: bad zip directory');
    zip.writeUInt16LE(dosTime, at + 12);
    zip.writeUInt16LE(dosDate, at + 14);
    const local = zip.readUInt32LE(at + 42);
    zip.writeUInt16LE(dosTime, local + 10);
    zip.writeUInt16LE(dosDate, local + 12);
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return zip;
}
