/**
 * Match-stage benchmark (npm run bench:match): a synthetic CRM generated in SQL (generate_series)
 * with 200,000 accounts, 300,000 leads and first 100,000 then 1,000,000 contacts, and 100,000
 * staged rows; measures matchBatch rows/s on PostgreSQL (DATABASE_URL) at both CRM sizes.
 *
 * Key distributions: last and first names are log-uniform ranks (rank k has probability ~ 1/k, so
 * a few names are very common, like Smith), contacts spread over accounts, a fifth of contacts carry
 * the account's switchboard number. Staged rows: 30% known contacts (same email), 10% known
 * contacts writing from another address at the same company, 10% known leads, 50% new people.
 * The npm script runs it with the young-generation size bin/listgate.js gives the CLI (its shebang).
 */
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { openCrmDatabase, type CrmConnection } from '../src/db/database.js';
import { findInFileDuplicates, loadMatcher, matchBatch } from '../src/match/index.js';
import { forgetNameFrequencies } from '../src/match/term-frequency.js';
import { collectStepTimings, stepTotals } from '../src/step-timings.js';

collectStepTimings();

const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) {
  console.error('bench:match needs DATABASE_URL (a PostgreSQL server); it creates and drops its own database');
  process.exit(2);
}
const accounts = Number(process.env.BENCH_ACCOUNTS ?? 200_000);
const leads = Number(process.env.BENCH_LEADS ?? 300_000);
const contactSizes = (process.env.BENCH_CONTACTS ?? '100000,1000000').split(',').map(Number);
const stagedRows = Number(process.env.BENCH_ROWS ?? 100_000);

const name = `lg_bench_match_${process.pid}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`create database ${name}`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
let crm: CrmConnection | undefined;

async function timed<T>(label: string, work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  const seconds = (performance.now() - started) / 1000;
  console.log(`${label}: ${seconds.toFixed(1)}s`);
  return [result, seconds];
}

/** Person keys for person number n (deterministic): log-uniform name ranks. */
const personKeys = (n: string) => `
  'ln' || floor(exp(((hashint(${n}, 1) % 100000) / 100000.0) * ln(60000)))::int as last_name_key,
  'fn' || floor(exp(((hashint(${n}, 2) % 100000) / 100000.0) * ln(4000)))::int as first_name_key`;

async function addContacts(db: Kysely<any>, from: number, to: number) {
  await sql.raw(`
    insert into contacts (id, account_id, first_name, last_name, email, phone, email_key, email_domain, corporate_domain,
      phone_e164, first_name_key, first_name_canonical, first_initial, last_name_key, last_name_metaphone, extra)
    select 'C' || g, 'A' || a, p.first_name_key, p.last_name_key,
      p.first_name_key || '.' || p.last_name_key || '.' || g || '@company' || a || '.com',
      null,
      p.first_name_key || '.' || p.last_name_key || '.' || g || '@company' || a || '.com',
      'company' || a || '.com', 'company' || a || '.com',
      case when g % 5 = 0 then '+1555' || lpad(a::text, 7, '0') when g % 3 = 0 then '+1666' || lpad(g::text, 7, '0') end,
      p.first_name_key, p.first_name_key, substr(p.first_name_key, 3, 1), p.last_name_key,
      'M' || (hashint(g, 7) % 3000), '{}'::jsonb
    from generate_series(${from}, ${to - 1}) g
    cross join lateral (select 1 + (hashint(g, 3) % ${accounts}) as a) acc
    cross join lateral (select ${personKeys('g')}) p`).execute(db);
}

try {
  crm = await openCrmDatabase({ databaseUrl: url.toString() });
  const db = crm.db as unknown as Kysely<any>;
  // a deterministic integer hash, so generation is repeatable and runs in one statement
  await sql.raw(`create function hashint(n bigint, salt int) returns int language sql immutable as
    $$ select abs(('x' || substr(md5(n::text || ':' || salt), 1, 8))::bit(32)::int) $$`).execute(db);

  await timed(`generate ${accounts} accounts`, () => sql.raw(`
    insert into accounts (id, name, website, phone, name_key, website_domain, phone_e164, extra)
    select 'A' || g, 'Company ' || g, 'company' || g || '.com', '+1555' || lpad(g::text, 7, '0'),
      'company ' || g, 'company' || g || '.com', '+1555' || lpad(g::text, 7, '0'), '{}'::jsonb
    from generate_series(1, ${accounts}) g`).execute(db));
  await timed(`generate ${leads} leads`, () => sql.raw(`
    insert into leads (id, first_name, last_name, company, email, email_key, email_domain, corporate_domain, phone_e164,
      first_name_key, first_name_canonical, first_initial, last_name_key, last_name_metaphone, company_key, extra)
    select 'L' || g, p.first_name_key, p.last_name_key, 'Prospect ' || (g % 150000),
      'lead' || g || '@prospect' || (g % 150000) || '.com', 'lead' || g || '@prospect' || (g % 150000) || '.com',
      'prospect' || (g % 150000) || '.com', 'prospect' || (g % 150000) || '.com',
      case when g % 4 = 0 then '+1777' || lpad(g::text, 7, '0') end,
      p.first_name_key, p.first_name_key, substr(p.first_name_key, 3, 1), p.last_name_key, 'M' || (hashint(g, 7) % 3000),
      'prospect ' || (g % 150000), '{}'::jsonb
    from generate_series(1, ${leads}) g cross join lateral (select ${personKeys('g + 50000000')}) p`).execute(db));

  await sql`insert into import_batches (id, file, pipeline, intent) values ('BENCH', 'bench.csv', 'bench', 'interest')`.execute(db);
  let contactsSoFar = 0;
  const results: { contacts: number; seconds: number; rate: number; cpuSeconds: number }[] = [];
  const matcher = loadMatcher('crm');
  for (const size of contactSizes) {
    await timed(`generate contacts ${contactsSoFar} -> ${size}`, () => addContacts(db, contactsSoFar + 1, size + 1));
    contactsSoFar = size;
    await sql`delete from batch_row_keys where batch_id = 'BENCH'`.execute(db);
    // staged rows drawn from the first 100,000 contacts and the leads, so both runs see the same rows
    await timed(`stage ${stagedRows} rows`, () => sql.raw(`
      insert into batch_row_keys (batch_id, source_row, person, email_key, corporate_domain, phone_e164,
        first_initial, last_name_metaphone, company_key)
      select 'BENCH', g + 1,
        jsonb_strip_nulls(jsonb_build_object(
          'firstName', fk, 'firstNameKey', fk, 'firstInitial', fi, 'lastName', lk, 'lastNameKey', lk, 'lastNameMetaphone', lm,
          'emailKey', ek, 'email', ek, 'corporateDomain', cd, 'phoneE164', ph, 'company', ck, 'companyKey', ck)),
        ek, cd, ph, fi, lm, ck
      from (
        select g,
          case when kind < 4 then c.first_name_key when kind = 4 then l.first_name_key else n.first_name_key end as fk,
          case when kind < 4 then c.first_initial when kind = 4 then l.first_initial else substr(n.first_name_key, 3, 1) end as fi,
          case when kind < 4 then c.last_name_key when kind = 4 then l.last_name_key else n.last_name_key end as lk,
          case when kind < 4 then c.last_name_metaphone when kind = 4 then l.last_name_metaphone else 'M' || (hashint(g, 9) % 3000) end as lm,
          case when kind < 3 then c.email_key when kind = 3 then 'other.' || c.email_key when kind = 4 then l.email_key
               else 'new' || g || '@newco' || (g % 40000) || '.com' end as ek,
          case when kind < 4 then c.corporate_domain when kind = 4 then l.corporate_domain else 'newco' || (g % 40000) || '.com' end as cd,
          case when kind < 4 then c.phone_e164 when kind = 4 then l.phone_e164 end as ph,
          case when kind < 4 then a.name_key when kind = 4 then l.company_key else 'newco ' || (g % 40000) end as ck
        from generate_series(0, ${stagedRows - 1}) g
        cross join lateral (select g % 10 as kind) k
        left join contacts c on c.id = 'C' || (1 + hashint(g, 11) % ${Math.min(100_000, contactSizes[0])})
        left join accounts a on a.id = c.account_id
        left join leads l on l.id = 'L' || (1 + hashint(g, 12) % ${leads})
        cross join lateral (select ${personKeys('g + 90000000')}) n
      ) s`).execute(db));
    // as `crm load` leaves its tables: vacuumed (blocking's probes are index-only) and analyzed; and
    // batch_row_keys too, so the server's autovacuum of the rows just replaced does not run during the timing
    await sql`vacuum (analyze) accounts, leads, contacts, batch_row_keys`.execute(db);
    forgetNameFrequencies(db);
    const before = stepTotals();
    const cpuBefore = process.cpuUsage();
    const [matches, seconds] = await timed(`matchBatch ${stagedRows} rows against ${size} contacts`, () => matchBatch(crm!, 'BENCH', matcher));
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    console.log(`  node CPU ${cpuSeconds.toFixed(1)}s (${Math.round(stagedRows / cpuSeconds)} rows per CPU-second); load average ${(await import('node:os')).loadavg()[0].toFixed(1)}`);
    const after = stepTotals();
    const since = (now: Record<string, number>, then: Record<string, number>) => Object.entries(now).map(([k, v]) => [k.replace(/^match: /, ''), v - (then[k] ?? 0)] as const);
    console.log(`  steps: ${since(after.seconds, before.seconds).map(([k, v]) => `${k} ${v.toFixed(2)}s`).join(', ')}`);
    console.log(`  candidate pairs: ${since(after.counts, before.counts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    const bands = { contact: 0, lead: 0, account: 0, cut: 0, ambiguous: 0 };
    for (const match of matches.values()) {
      if (match.contact?.band === 'match') bands.contact++;
      if (match.lead?.band === 'match') bands.lead++;
      if (match.account) bands.account++;
      if (match.candidatesCut) bands.cut++;
      if (match.ambiguous) bands.ambiguous++;
    }
    console.log(`  matched: ${JSON.stringify(bands)}`);
    const [duplicates] = await timed('  in-file duplicates', () => findInFileDuplicates(crm!, 'BENCH', matcher));
    console.log(`  in-file duplicates: ${duplicates.size}`);
    results.push({ contacts: size, seconds, rate: stagedRows / seconds, cpuSeconds });
  }
  console.log('\n| contacts | accounts | leads | staged rows | match stage (wall) | rows/s | node CPU |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of results) console.log(`| ${r.contacts.toLocaleString('en-US')} | ${accounts.toLocaleString('en-US')} | ${leads.toLocaleString('en-US')} | ${stagedRows.toLocaleString('en-US')} | ${r.seconds.toFixed(1)}s | ${Math.round(r.rate).toLocaleString('en-US')} | ${r.cpuSeconds.toFixed(1)}s |`);
  if (results.length >= 2) console.log(`growth: ${(results[results.length - 1].seconds / results[0].seconds).toFixed(2)}x the time for ${(results[results.length - 1].contacts / results[0].contacts).toFixed(0)}x the contacts`);
} finally {
  await crm?.close();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}
