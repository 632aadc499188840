import { randomBytes } from 'node:crypto';

/** A batch's id and the stem its new records' ids share. */
export interface BatchIdentity {
  /** readable and unique: B20261124-181530-tradeshow-ab12 */
  id: string;
  /** 20261124181530ab12: LG-L-20261124181530ab12-17 */
  short: string;
}

/** Time of staging (UTC), pipeline name and four random hex digits, so two stagings in one second differ. */
export function newBatchIdentity(pipelineName: string, now: Date = new Date(), random: string = randomBytes(2).toString('hex')): BatchIdentity {
  const iso = now.toISOString();
  const date = iso.slice(0, 10).replace(/-/g, '');
  const time = iso.slice(11, 19).replace(/:/g, '');
  const slug = pipelineName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 32) || 'list';
  return { id: `B${date}-${time}-${slug}-${random}`, short: `${date}${time}${random}` };
}
