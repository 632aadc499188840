import { AffinePermutation, Rng } from './random.js';
import {
  drawFirstName, drawLastName, freeMailAddress, localPart, newCompanyPoolSize, SyntheticCrm,
  type Contact, type ContactBase, type Lead,
} from './crm-records.js';
import {
  caseVariant, companyVariant, countryVariant, emailCaseVariant, formatPhone, gmailVariant, nicknameOf, ratingVariant, typo,
} from './variations.js';
import { cities, jobTitles } from './vocabulary.js';
import { acronymForm, acronymOf, emailTypo, firstNamePrefix, hardCompanyForm, hardFirstNames, nameSlip } from './hard-variations.js';
import type { Route } from '../../src/types.js';

/** A tradeshow badge-scan export's columns. */
export const listHeaders = [
  'First Name', 'Last Name', 'Company', 'Job Title', 'Email Address', 'Work Phone', 'Mobile', 'City', 'State', 'Country', 'Rating',
] as const;

/** The hard world's lists have a Website column too (purchased-list rows carry one). */
export function listHeadersOf(hard: boolean): readonly string[] {
  return hard ? [...listHeaders, 'Website'] : listHeaders;
}

export const truthHeaders = ['source_row', 'route', 'contact_id', 'lead_id', 'account_id', 'case', 'duplicate_of_row'] as const;

/** What a careful human expects of a row under the interest intent (tradeshow pipeline). */
export interface RowTruth {
  /** spreadsheet row number: the header is row 1 */
  sourceRow: number;
  route: Route;
  contactId: string;
  leadId: string;
  accountId: string;
  /** the generator's case, e.g. known_contact/nickname */
  case: string;
  duplicateOfRow: number | null;
}

export interface ListRow {
  cells: string[];
  truth: RowTruth;
}

/** The kinds of row an incoming list is made of, with their shares. */
export const rowMix = {
  known_contact: 24,
  suppressed_contact: 2,
  known_lead: 10,
  new_at_account: 14,
  new_person: 36,
  duplicate: 8,
  junk: 6,
} as const;
/** The hard world's mix: the same, plus rows that two CRM people fit equally well. */
export const hardRowMix = { ...rowMix, tie: 1 } as const;
type RowKind = keyof typeof hardRowMix;

/** How a known person's row drifts: the classic variants, and in the hard world the hard kinds of issue 23. */
const knownVariants = { exact: 3, nickname: 3, typo_last: 2, company_suffix: 2, phone_only: 2, gmail: 1 } as const;
const hardKnownVariants = {
  exact: 2, nickname: 1, typo_last: 1, company_suffix: 1, phone_only: 1, gmail: 1,
  swapped: 2, short_name: 2, email_typo: 2, name_slip: 2, free_mail: 2, company_form: 2, purchased: 2,
} as const;
const hardNewAtAccountVariants = { plain: 3, acronym: 2, company_form: 2, free_mail: 2, purchased: 2 } as const;

const stream = { row: 101, contactPick: 102, leadPick: 103, accountPick: 104, poolPick: 105 } as const;

interface Cells {
  first: string; last: string; company: string; title: string; email: string;
  phone: string; mobile: string; city: string; state: string; country: string; rating: string;
  website?: string;
}

function toCells(c: Cells, hard: boolean): string[] {
  const cells = [c.first, c.last, c.company, c.title, c.email, c.phone, c.mobile, c.city, c.state, c.country, c.rating];
  if (hard) cells.push(c.website ?? '');
  return cells;
}

/** A company's website as lists write it: www.acme.com, https://acme.com, acme.com/ */
function websiteForm(domain: string, rng: Rng): string {
  return rng.pick([`www.${domain}`, `https://www.${domain}`, `http://${domain}`, `${domain}/`, domain]);
}

/**
 * Rows of an incoming list against the synthetic CRM, with their truth. Row n is decided by
 * (seed, n) and by how many rows of each kind came before it, so a shorter list is the start of
 * a longer one. Known records are picked along a permutation: none is picked twice by accident.
 */
export function* incomingRows(crm: SyntheticCrm, rowCount: number): Generator<ListRow> {
  const { seed, size } = crm;
  const contactOrder = size.contacts ? new AffinePermutation(size.contacts, seed ^ stream.contactPick) : null;
  const leadOrder = size.leads ? new AffinePermutation(size.leads, seed ^ stream.leadPick) : null;
  const accountOrder = size.accounts ? new AffinePermutation(size.accounts, seed ^ stream.accountPick) : null;
  const poolOrder = new AffinePermutation(newCompanyPoolSize, seed ^ stream.poolPick);
  const cursor = { contact: 0, dncContact: 0, lead: 0, account: 0, newPerson: 0 };
  /** recent rows with an email, which a later row may repeat (badge scanned twice) */
  const recent: { sourceRow: number; cells: Cells }[] = [];

  const nextContact = (dnc: boolean): Contact | undefined => {
    if (!contactOrder) return undefined;
    const key = dnc ? 'dncContact' : 'contact';
    while (cursor[key] < size.contacts) {
      const i = contactOrder.at(cursor[key]++);
      if (crm.isDoNotContact(i) === dnc) return crm.contact(i);
    }
    return undefined;
  };

  for (let n = 0; n < rowCount; n++) {
    const sourceRow = n + 2;
    const rng = Rng.of(seed, stream.row, n);
    let kind: RowKind = crm.hard ? rng.weighted(hardRowMix) : rng.weighted(rowMix);
    let row: { cells: Cells; truth: Omit<RowTruth, 'sourceRow'>; repeatable: boolean } | undefined;

    if (kind === 'known_contact' || kind === 'suppressed_contact') {
      const contact = nextContact(kind === 'suppressed_contact');
      if (contact) row = knownContactRow(crm, contact, rng, kind === 'suppressed_contact');
    } else if (kind === 'known_lead') {
      if (leadOrder && cursor.lead < size.leads) row = knownLeadRow(crm, crm.lead(leadOrder.at(cursor.lead++)), rng);
    } else if (kind === 'new_at_account') {
      // one new person per account and list, so two new people at one account never look alike
      if (accountOrder && cursor.account < size.accounts) row = newAtAccountRow(crm, accountOrder.at(cursor.account++), n, rng);
    } else if (kind === 'duplicate') {
      if (recent.length) {
        const original = recent[rng.int(recent.length)];
        row = {
          cells: repeatCells(original.cells, rng),
          truth: { route: 'duplicate_in_file', contactId: '', leadId: '', accountId: '', case: 'duplicate', duplicateOfRow: original.sourceRow },
          repeatable: false,
        };
      }
    } else if (kind === 'junk') {
      row = junkRow(crm, rng);
    } else if (kind === 'tie') {
      if (accountOrder) row = tieRow(crm, accountOrder, cursor, rng);
    }
    if (!row) {
      kind = 'new_person';
      row = newPersonRow(crm, cursor.newPerson++, poolOrder, n, rng);
    }
    if (row.repeatable) {
      if (recent.length < 512) recent.push({ sourceRow, cells: row.cells });
      else recent[rng.int(512)] = { sourceRow, cells: row.cells };
    }
    yield { cells: toCells(row.cells, crm.hard), truth: { sourceRow, ...row.truth } };
  }
}

function knownContactRow(crm: SyntheticCrm, contact: Contact, rng: Rng, suppressed: boolean) {
  const account = contact.accountId ? crm.account(contact.accountIndex!) : undefined;
  const uniquePhone = contact.phone && !contact.phoneIsSwitchboard ? contact.phone : '';
  let variant: string = crm.hard ? rng.weighted(hardKnownVariants) : rng.weighted(knownVariants);
  if (!account && hardVariants.has(variant)) variant = 'exact';
  if (!contact.email && !hardWithoutEmail.has(variant)) variant = 'phone_only';
  if (variant === 'phone_only' && !uniquePhone && !contact.mobile) variant = 'exact';
  if (variant === 'gmail' && !contact.email.endsWith('@gmail.com')) variant = 'exact';
  if (variant === 'nickname' && !nicknameOf(contact.firstName)) variant = 'exact';

  const cells = personCells(contact.firstName, contact.lastName, account ? companyVariant(account.baseName, account.suffix, rng) : '',
    contact.title, contact.email, contact.phone, contact.mobile, contact.city.city, contact.city.state, rng);
  if (account && hardVariants.has(variant)) variant = applyHardVariant(crm, cells, variant, account.baseName, account.suffix, account.domain, contact.firstName, contact.lastName, contact.email, uniquePhone, contact.mobile, account.city.city, rng);
  else applyVariant(cells, variant, contact.firstName, contact.lastName, contact.email, uniquePhone, contact.mobile, rng);
  return {
    cells,
    truth: {
      route: (suppressed ? 'suppressed' : 'opportunity_for_contact') as Route,
      contactId: contact.id, leadId: '', accountId: contact.accountId,
      case: `${suppressed ? 'suppressed_contact' : 'known_contact'}/${otherScript(contact.lastName)}${variant}`, duplicateOfRow: null,
    },
    repeatable: !suppressed && variant !== 'phone_only',
  };
}

function knownLeadRow(crm: SyntheticCrm, lead: Lead, rng: Rng) {
  let variant: string = crm.hard ? rng.weighted(hardKnownVariants) : rng.weighted(knownVariants);
  if (!lead.email && !hardWithoutEmail.has(variant)) variant = 'phone_only';
  if (variant === 'phone_only' && !lead.phone && !lead.mobile) variant = 'exact';
  if (variant === 'gmail' && !lead.email.endsWith('@gmail.com')) variant = 'exact';
  if (variant === 'nickname' && !nicknameOf(lead.firstName)) variant = 'exact';
  const city = rng.pick(cities);
  const cells = personCells(lead.firstName, lead.lastName, companyVariant(lead.company.baseName, lead.company.suffix, rng),
    lead.title, lead.email, lead.phone, lead.mobile, city.city, city.state, rng);
  if (hardVariants.has(variant)) variant = applyHardVariant(crm, cells, variant, lead.company.baseName, lead.company.suffix, lead.company.domain, lead.firstName, lead.lastName, lead.email, lead.phone, lead.mobile, city.city, rng);
  else applyVariant(cells, variant, lead.firstName, lead.lastName, lead.email, lead.phone, lead.mobile, rng);
  return {
    cells,
    truth: { route: 'existing_lead' as Route, contactId: '', leadId: lead.id, accountId: '', case: `known_lead/${otherScript(lead.lastName)}${variant}`, duplicateOfRow: null },
    repeatable: variant !== 'phone_only',
  };
}

function personCells(first: string, last: string, company: string, title: string, email: string, phone: string, mobile: string,
  city: string, state: string, rng: Rng): Cells {
  return {
    first, last, company,
    title: rng.chance(0.8) ? title : rng.pick(jobTitles),
    email, phone: formatPhone(phone, rng), mobile: formatPhone(mobile, rng),
    city, state, country: countryVariant(rng), rating: ratingVariant(rng),
  };
}

/** Changes a known person's cells by one variant; the evidence that stays identifies them. */
function applyVariant(cells: Cells, variant: string, first: string, last: string, email: string, uniquePhone: string, mobile: string, rng: Rng): void {
  switch (variant) {
    case 'exact':
      break;
    case 'nickname':
      cells.first = nicknameOf(first)!;
      cells.email = emailCaseVariant(email, rng);
      break;
    case 'typo_last':
      cells.last = typo(last, rng);
      cells.email = emailCaseVariant(email, rng);
      break;
    case 'company_suffix':
      cells.first = caseVariant(first, rng);
      cells.last = caseVariant(last, rng);
      break;
    case 'gmail':
      cells.email = gmailVariant(email, rng);
      break;
    case 'phone_only':
      // no email: the person's own number, the same first name, the last name maybe with a slip
      cells.email = '';
      cells.phone = uniquePhone ? formatPhone(uniquePhone, rng) : '';
      cells.mobile = mobile ? formatPhone(mobile, rng) : '';
      if (rng.chance(0.5)) cells.last = typo(last, rng);
      break;
  }
}

/** "other_script/" for a name written in a script other than Latin: its own kind in the accuracy table. */
function otherScript(name: string): string {
  return /[^\u0000-\u024f]/.test(name) ? 'other_script/' : '';
}

const hardVariants = new Set(['swapped', 'short_name', 'email_typo', 'name_slip', 'free_mail', 'company_form', 'purchased']);
/** hard variants that make sense for a person the CRM has without an email */
const hardWithoutEmail = new Set(['swapped', 'short_name', 'name_slip', 'company_form', 'purchased']);

/** A new personal address nobody in the CRM has: the person writes from home. */
function personalAddress(crm: SyntheticCrm, first: string, last: string, rng: Rng): string {
  const serial = crm.size.contacts + crm.size.leads + 5_000_000 + rng.int(50_000_000);
  return freeMailAddress(rng, first, last, serial);
}

/**
 * Changes a known person's cells by one hard variant. The evidence that stays is what a careful
 * human would go by: the name in some form and the company (the email or phone only where the
 * variant keeps them). Returns the variant's name with its form (swapped, short_name/nickname...).
 */
function applyHardVariant(crm: SyntheticCrm, cells: Cells, variant: string, baseName: string, suffix: string, domain: string,
  first: string, last: string, email: string, uniquePhone: string, mobile: string, ownCity: string, rng: Rng): string {
  const withoutEmail = () => { cells.email = rng.chance(0.5) ? '' : personalAddress(crm, first, last, rng); };
  const phones = (keep: number) => {
    const p = rng.next() < keep;
    cells.phone = p && uniquePhone ? formatPhone(uniquePhone, rng) : '';
    cells.mobile = p && mobile ? formatPhone(mobile, rng) : '';
  };
  switch (variant) {
    case 'swapped': {
      cells.first = caseVariant(last, rng);
      cells.last = caseVariant(first, rng);
      withoutEmail();
      phones(0.3);
      return variant;
    }
    case 'short_name': {
      const known = hardFirstNames[first];
      const short = known ? rng.pick(known) : rng.chance(0.5) ? nicknameOf(first) : firstNamePrefix(first, rng);
      if (!short) return 'exact';
      cells.first = short;
      if (rng.chance(0.7) || !email) withoutEmail(); else cells.email = emailCaseVariant(email, rng);
      phones(0.3);
      return `short_name/${known ? 'nickname' : short.length < first.length && first.startsWith(short) ? 'prefix' : 'nickname'}`;
    }
    case 'email_typo': {
      if (!email) return 'exact';
      const typed = emailTypo(email, rng);
      cells.email = typed.email;
      if (rng.chance(0.5)) cells.first = caseVariant(first, rng);
      phones(0.2);
      return `email_typo/${typed.form}`;
    }
    case 'name_slip': {
      const which = rng.chance(0.6) ? 'last' : 'first';
      if (which === 'last') cells.last = nameSlip(last, rng); else cells.first = nameSlip(first, rng);
      withoutEmail();
      phones(0.3);
      return `name_slip/${which}`;
    }
    case 'free_mail': {
      cells.email = personalAddress(crm, first, last, rng);
      phones(0.2);
      if (rng.chance(0.5)) { const city = rng.pick(cities); cells.city = city.city; cells.state = city.state; }
      return variant;
    }
    case 'purchased': {
      // a purchased list's row: name, company and the company's website; no email, no phone
      cells.email = ''; cells.phone = ''; cells.mobile = '';
      cells.website = websiteForm(domain, rng);
      if (rng.chance(0.3)) cells.company = hardCompanyForm(baseName, suffix, rng);
      return variant;
    }
    case 'company_form': {
      cells.company = hardCompanyForm(baseName, suffix, rng);
      withoutEmail();
      phones(0.2);
      let city = rng.pick(cities);
      for (let i = 0; city.city === ownCity && i < 5; i++) city = rng.pick(cities);
      cells.city = city.city; cells.state = city.state;
      return variant;
    }
  }
  return variant;
}

function newAtAccountRow(crm: SyntheticCrm, j: number, n: number, rng: Rng) {
  const account = crm.account(j);
  const colleagues = [...crm.contactsOfAccount(j)];
  const takenLastNames = new Set(colleagues.map((c) => c.lastName));
  const first = drawFirstName(rng);
  let last = drawLastName(rng);
  for (let attempt = 0; takenLastNames.has(last) && attempt < 50; attempt++) last = drawLastName(rng);
  if (takenLastNames.has(last)) return undefined;
  // a last name no colleague has makes the address new too (every pattern spells the last name out)
  const email = `${localPart(account.emailPattern, first, last)}@${account.domain}`;
  const phoneDraw = rng.next();
  const phone = phoneDraw < 0.4 ? account.phone : phoneDraw < 0.8 ? crm.phone(crm.newPersonPhoneSerial(n, false)) : '';
  const mobile = rng.chance(0.3) ? crm.phone(crm.newPersonPhoneSerial(n, true)) : '';
  const cells = personCells(first, last, companyVariant(account.baseName, account.suffix, rng), rng.pick(jobTitles), email, phone, mobile,
    account.city.city, account.city.state, rng);
  const variant = crm.hard ? rng.weighted(hardNewAtAccountVariants) : 'plain';
  if (variant === 'plain') {
    return {
      cells,
      truth: { route: 'new_contact_and_opportunity' as Route, contactId: '', leadId: '', accountId: account.id, case: `new_at_account/${phone === account.phone ? 'switchboard' : 'direct'}`, duplicateOfRow: null },
      repeatable: true,
    };
  }
  // the hard forms: a personal address (or none) and a direct phone or none, so that the company's
  // name as written is the evidence; the account's switchboard stays in a fifth of rows
  cells.email = rng.chance(0.6) ? personalAddress(crm, first, last, rng) : '';
  const switchboard = rng.chance(0.2);
  cells.phone = switchboard ? formatPhone(account.phone, rng) : '';
  cells.mobile = rng.chance(0.3) ? formatPhone(crm.phone(crm.newPersonPhoneSerial(n, true)), rng) : '';
  let knownAccount = true;
  if (variant === 'purchased') {
    cells.email = ''; cells.phone = ''; cells.mobile = '';
    cells.website = websiteForm(account.domain, rng);
  } else if (variant === 'acronym') {
    cells.company = acronymForm(account.baseName, account.suffix, rng);
    // a careful human attaches to the account only when no other Account has the acronym (or the switchboard says which)
    knownAccount = switchboard || crm.accountsWithAcronym(acronymOf(account.baseName), acronymOf) === 1;
  } else if (variant === 'company_form') {
    cells.company = hardCompanyForm(account.baseName, account.suffix, rng);
    let city = rng.pick(cities);
    for (let i = 0; city.city === account.city.city && i < 5; i++) city = rng.pick(cities);
    cells.city = city.city; cells.state = city.state;
  }
  if (!cells.email && !cells.phone && !cells.mobile && !knownAccount && variant !== 'purchased') cells.mobile = formatPhone(crm.phone(crm.newPersonPhoneSerial(n, true)), rng);
  const hardCase = `new_at_account/${variant}${variant === 'acronym' ? (knownAccount ? '_unique' : '_shared') : ''}`;
  return {
    cells,
    truth: knownAccount
      ? { route: 'new_contact_and_opportunity' as Route, contactId: '', leadId: '', accountId: account.id, case: hardCase, duplicateOfRow: null }
      : { route: 'new_lead' as Route, contactId: '', leadId: '', accountId: '', case: hardCase, duplicateOfRow: null },
    repeatable: !!cells.email,
  };
}

function newPersonRow(crm: SyntheticCrm, ordinal: number, poolOrder: AffinePermutation, n: number, rng: Rng) {
  const q = poolOrder.at(ordinal % newCompanyPoolSize);
  const round = Math.floor(ordinal / newCompanyPoolSize);
  const company = crm.company(crm.size.accounts + crm.size.leads + q);
  const first = drawFirstName(rng);
  const last = drawLastName(rng);
  // (pool company, round) is unique per new person, so the corporate address is too
  const corporate = rng.chance(0.75);
  const email = corporate
    ? `${localPart('first.last', first, last)}${round ? round + 1 : ''}@${company.domain}`
    : freeMailAddress(rng, first, last, crm.newPersonMailSerial(ordinal));
  const phone = rng.chance(0.6) ? crm.phone(crm.newPersonPhoneSerial(n, false)) : '';
  const mobile = rng.chance(0.3) ? crm.phone(crm.newPersonPhoneSerial(n, true)) : '';
  const city = rng.pick(cities);
  const cells = personCells(first, last, companyVariant(company.baseName, company.suffix, rng), rng.pick(jobTitles), email, phone, mobile,
    city.city, city.state, rng);
  // in the hard world a tenth are purchased-list rows: name, company and website only
  const purchased = crm.hard && rng.chance(0.1);
  if (purchased) {
    cells.email = ''; cells.phone = ''; cells.mobile = '';
    cells.website = websiteForm(company.domain, rng);
  }
  return {
    cells,
    truth: { route: 'new_lead' as Route, contactId: '', leadId: '', accountId: '', case: `new_person/${purchased ? 'purchased' : corporate ? 'corporate' : 'free_mail'}`, duplicateOfRow: null },
    repeatable: !purchased,
  };
}

/**
 * A row two CRM people fit equally well: two contacts of one account share a last name and a
 * first initial, and the row gives the initial, the last name and the company only. Nobody can
 * tell which of them it is: a steward decides (merge candidate).
 */
function tieRow(crm: SyntheticCrm, accountOrder: AffinePermutation, cursor: { account: number }, rng: Rng) {
  for (let tries = 0; tries < 200 && cursor.account < crm.size.accounts; tries++) {
    const j = accountOrder.at(cursor.account++);
    const seen = new Map<string, ContactBase>();
    for (const colleague of crm.contactsOfAccount(j)) {
      if (!/^[A-Za-z]/.test(colleague.firstName) || crm.isDoNotContact(colleague.index)) continue;
      const key = `${colleague.lastName}|${colleague.firstName[0]}`;
      const other = seen.get(key);
      if (!other) { seen.set(key, colleague); continue; }
      if (other.firstName === colleague.firstName) continue;
      const account = crm.account(j);
      const cells = personCells(`${colleague.firstName[0]}.`, colleague.lastName, companyVariant(account.baseName, account.suffix, rng),
        rng.pick(jobTitles), '', '', '', account.city.city, account.city.state, rng);
      return {
        cells,
        truth: { route: 'merge_candidate' as Route, contactId: '', leadId: '', accountId: '', case: 'tie/two_contacts', duplicateOfRow: null },
        repeatable: false,
      };
    }
  }
  return undefined;
}

/** The same badge scanned again: same person, cells retyped. */
function repeatCells(original: Cells, rng: Rng): Cells {
  return {
    ...original,
    first: caseVariant(original.first, rng),
    last: caseVariant(original.last, rng),
    email: rng.chance(0.5) ? original.email.toLowerCase() : original.email.toUpperCase(),
    phone: original.phone ? formatPhone(original.phone.replace(/\D/g, '').slice(-10), rng) : '',
    rating: ratingVariant(rng),
  };
}

/** Rows nobody can import: no name with an email, phone or company. */
function junkRow(crm: SyntheticCrm, rng: Rng) {
  const empty: Cells = { first: '', last: '', company: '', title: '', email: '', phone: '', mobile: '', city: '', state: '', country: '', rating: '' };
  const city = rng.pick(cities);
  const variant = rng.int(4);
  const cells: Cells = variant === 0 ? { ...empty, company: crm.company(rng.int(crm.companyCount)).name, rating: 'Hot' }
    : variant === 1 ? { ...empty, title: rng.pick(jobTitles), city: city.city, state: city.state }
      : variant === 2 ? { ...empty, email: rng.pick(['n/a', 'none', 'asdf', 'x']), country: 'US' }
        : { ...empty, first: drawFirstName(rng), rating: 'Warm' };
  const kinds = ['company_only', 'title_and_city', 'bad_email_only', 'first_name_only'];
  return {
    cells,
    truth: { route: 'rejected' as Route, contactId: '', leadId: '', accountId: '', case: `junk/${kinds[variant]}`, duplicateOfRow: null },
    repeatable: false,
  };
}

