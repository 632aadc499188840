import type { Rng } from './random.js';

/**
 * The hard forms of the cases every real list has (issue 23): the drift a careful human still
 * reads as the same person or company, written in several randomized spellings per kind so that a
 * matcher tuned on one seed is not tuned on the spellings of another. Pure functions of their
 * inputs and the row's Rng.
 */

/**
 * First names a contact or lead of the hard world may have beyond the census lists, each with the
 * short forms people write on a badge. Several spellings per name; a row picks one at random.
 */
export const hardFirstNames: Readonly<Record<string, readonly string[]>> = {
  'José': ['Pepe', 'Jose', 'Pepé'], 'Jesús': ['Chuy', 'Jesus', 'Chucho'], 'Johannes': ['Hans', 'Johann', 'Jo'],
  'Olivia': ['Liv', 'Livvy', 'Olive'], 'William': ['Liam', 'Will', 'Bill'], 'Rodney': ['Rod', 'Roddy'],
  'Thaddeus': ['Tad', 'Thad'], 'Rajesh': ['Raj'], 'Christine': ['Chris', 'Chrissy', 'Tina'],
  'Francisco': ['Paco', 'Pancho', 'Frank'], 'Guillermo': ['Memo', 'Guille'], 'Alejandro': ['Alex', 'Alejo'],
  'Margarethe': ['Grete', 'Gretchen'], 'Katharina': ['Kathi', 'Käthe', 'Kate'], 'Wolfgang': ['Wolf'],
  'Giuseppe': ['Beppe', 'Peppe', 'Joe'], 'Giovanni': ['Gianni', 'Vanni'], 'Aleksandr': ['Sasha', 'Sascha'],
  'Dmitri': ['Dima'], 'Ekaterina': ['Katya', 'Katja'], 'Venkatesh': ['Venky'], 'Subramanian': ['Subbu', 'Subu'],
  'Nikolaos': ['Nikos', 'Nick'], 'Konstantinos': ['Kostas', 'Dinos'], 'Siobhan': ['Shiv'], 'Seán': ['Sean', 'Shane'],
};

/** Names written in other scripts, as a CRM of a global company holds them (given, family). */
export const otherScriptNames: readonly (readonly [string, string])[] = [
  ['磊', '吴'], ['伟', '王'], ['芳', '李'], ['娜', '张'], ['静', '刘'], ['强', '陈'], ['敏', '杨'], ['洋', '黄'], ['艳', '赵'], ['军', '周'],
  ['Иван', 'Петров'], ['Ольга', 'Смирнова'], ['Дмитрий', 'Иванов'], ['Анна', 'Кузнецова'], ['Сергей', 'Попов'], ['Мария', 'Соколова'],
  ['Алексей', 'Лебедев'], ['Наталья', 'Козлова'], ['Андрей', 'Новиков'], ['Елена', 'Морозова'],
  ['Γιώργος', 'Παπαδόπουλος'], ['Μαρία', 'Νικολάου'], ['Δημήτρης', 'Γεωργίου'], ['Ελένη', 'Κωνσταντίνου'], ['Νίκος', 'Οικονόμου'],
  ['محمد', 'العلي'], ['أحمد', 'الحسن'], ['فاطمة', 'الزهراني'], ['علي', 'القحطاني'], ['خالد', 'الشمري'], ['نور', 'العتيبي'],
  ['太郎', '山田'], ['花子', '佐藤'], ['민준', '김'], ['서연', '이'],
];

/** Free-mail domains as people mistype them. */
const freeMailTypos: Readonly<Record<string, readonly string[]>> = {
  'gmail.com': ['gmial.com', 'gmai.com', 'gmal.com', 'gamil.com', 'gmail.co', 'gmaill.com'],
  'yahoo.com': ['yaho.com', 'yahooo.com', 'yhaoo.com', 'yahoo.co'],
  'hotmail.com': ['hotmial.com', 'hotmal.com', 'hotmai.com'],
  'outlook.com': ['outlok.com', 'outloo.com', 'oulook.com'],
  'aol.com': ['aol.co', 'aoll.com'],
  'icloud.com': ['iclod.com', 'icloud.co', 'icoud.com'],
};

/** The email with one slip: a misspelled domain, or a letter dropped or doubled in the local part. */
export function emailTypo(email: string, rng: Rng): { email: string; form: string } {
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const known = freeMailTypos[domain];
  const form = rng.int(3);
  if (form === 0 && known) return { email: `${local}@${rng.pick(known)}`, form: 'domain' };
  if (form === 0) {
    // a corporate domain with a letter dropped or two letters swapped in its name
    const dot = domain.indexOf('.');
    const stem = domain.slice(0, dot);
    if (stem.length >= 5) {
      const i = 1 + rng.int(stem.length - 2);
      const slipped = rng.chance(0.5) ? stem.slice(0, i) + stem.slice(i + 1) : stem.slice(0, i) + stem[i + 1] + stem[i] + stem.slice(i + 2);
      if (slipped !== stem) return { email: `${local}@${slipped}${domain.slice(dot)}`, form: 'domain' };
    }
  }
  const letters = [...local].map((c, i) => (/[a-z]/i.test(c) ? i : -1)).filter((i) => i > 0);
  if (!letters.length) return { email, form: 'none' };
  const i = rng.pick(letters);
  if (form === 1) return { email: `${local.slice(0, i)}${local.slice(i + 1)}@${domain}`, form: 'dropped_letter' };
  return { email: `${local.slice(0, i + 1)}${local[i]}${local.slice(i + 1)}@${domain}`, form: 'doubled_letter' };
}

/** A short form of a first name that is the start of it: Christine -> Chris, Alexander -> Alex. */
export function firstNamePrefix(first: string, rng: Rng): string | undefined {
  if (first.length < 6) return undefined;
  const length = 3 + rng.int(Math.min(3, first.length - 5));
  return first.slice(0, length);
}

const leadingThe = (name: string) => (/^the\s/i.test(name) ? name.replace(/^the\s+/i, '') : `The ${name}`);

/**
 * The company name in a hard form: with or without a leading "The", "and" for "&" or back, the
 * legal suffix dropped, swapped or spelled out, in capitals; two of those at once half the time.
 */
export function hardCompanyForm(baseName: string, suffix: string, rng: Rng): string {
  const apply = (name: string, form: number): string => {
    switch (form) {
      case 0: return leadingThe(name);
      case 1: return name.includes(' & ') ? name.replace(' & ', ' and ') : name.includes(' and ') ? name.replace(' and ', ' & ') : `${name.split(' ').slice(0, -1).join(' ')} & ${name.split(' ').slice(-1)[0]}`;
      case 2: return `${name}${rng.pick([', Inc.', ' Incorporated', ' Corporation', ' L.L.C.', ' Limited', ' Co', ' Group'])}`;
      case 3: return name.toUpperCase();
      default: return name.toLowerCase();
    }
  };
  let name = rng.chance(0.5) ? baseName : suffix ? `${baseName} ${suffix}` : baseName;
  const forms = rng.chance(0.5) ? [rng.int(5)] : [rng.int(3), 3 + rng.int(2)];
  for (const form of forms) name = apply(name, form);
  return name;
}

const acronymStop = new Set(['and', 'of', 'the', '&', 'for']);

/** The initials of a company's name: "National Hospital Networks" -> "NHN". */
export function acronymOf(baseName: string): string {
  return baseName.split(/\s+/).filter((w) => w && !acronymStop.has(w.toLowerCase())).map((w) => w[0].toUpperCase()).join('');
}

/** The acronym as people write it: NHN, NHN LLC, N.H.N., NHN Inc. */
export function acronymForm(baseName: string, suffix: string, rng: Rng): string {
  const acronym = acronymOf(baseName);
  switch (rng.int(4)) {
    case 0: return acronym;
    case 1: return suffix ? `${acronym} ${suffix}` : `${acronym} LLC`;
    case 2: return `${acronym.split('').join('.')}.`;
    default: return `${acronym} ${rng.pick(['Inc', 'Inc.', 'Corp', 'Group'])}`;
  }
}

/** Another one-letter slip in a name of at least 4 letters: a letter replaced, dropped, doubled or swapped. */
export function nameSlip(name: string, rng: Rng): string {
  if (name.length < 4) return name;
  const letters = 'aeioulnrstmdk';
  for (let attempt = 0; attempt < 8; attempt++) {
    const i = 1 + rng.int(name.length - 1);
    let result = name;
    switch (rng.int(4)) {
      case 0: result = name.slice(0, i) + rng.pick([...letters]) + name.slice(i + 1); break;
      case 1: result = name.slice(0, i) + name.slice(i + 1); break;
      case 2: result = name.slice(0, i + 1) + name[i] + name.slice(i + 1); break;
      default: if (i < name.length - 1) result = name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2);
    }
    if (result.toLowerCase() !== name.toLowerCase()) return result;
  }
  return name;
}
