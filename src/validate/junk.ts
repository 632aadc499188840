import type { CanonicalField } from '../types.js';
import { memoize } from '../normalize/text.js';

/** Values that stand for "nothing": N/A, none, null, -, unknown, TBD... (compared lower-cased, trimmed). */
const placeholderValues = new Set([
  'n/a', 'na', 'n.a.', 'n.a', 'none', 'null', 'nil', 'undefined', '-', '--', '---', '.', '..', '...', '?', '??', '???', 'x', 'xx', 'xxx',
  'unknown', 'unk', 'tbd', 'tba', 'not available', 'not applicable', 'not provided', 'no', 'nope', '0', '00', '000',
  'blank', 'empty', 'missing', 'noemail', 'no email', 'nomail', 'no mail', 'no phone', 'nophone', 'declined', 'refused',
  'not given', 'notgiven', 'private', 'withheld', '#n/a', '#value!', '#ref!', '#name?', 'nan',
]);

/** Names and words people type to get past a form: test, asdf, qwerty, foo... */
const junkWords = new Set([
  'test', 'testing', 'tester', 'testtest', 'asdf', 'asdfg', 'asdfgh', 'asdfasdf', 'qwerty', 'qwer', 'zxcv', 'sdf', 'sdfsdf', 'dfg',
  'jkl', 'hjkl', 'fdsa', 'abc', 'abcd', 'abcdef', 'xyz', 'foo', 'bar', 'foobar', 'baz', 'lorem', 'ipsum', 'dummy', 'fake',
  'sample', 'example', 'demo', 'firstname', 'lastname', 'fname', 'lname', 'name', 'yourname', 'myname', 'noname',
  'aaa', 'bbb', 'blah', 'blahblah', 'na', 'none', 'null', 'nobody', 'anonymous', 'anon', 'spam', 'junk', 'delete', 'ignore',
]);

/** Domains reserved for examples or obviously made up: an address there reaches nobody. */
const placeholderDomains = new Set([
  'example.com', 'example.org', 'example.net', 'example.edu', 'test.com', 'test.org', 'testing.com', 'domain.com', 'yourdomain.com',
  'company.com', 'yourcompany.com', 'mycompany.com', 'email.email', 'noemail.com', 'nomail.com', 'none.com', 'no.com', 'na.com',
  'fake.com', 'fakeemail.com', 'asdf.com', 'abc.com', 'xxx.com', 'sample.com', 'mailinator.invalid', 'localhost', 'noreply.com',
]);
// The .example TLD (RFC 2606) is left out on purpose: listgate's samples use it for fictional
// companies (acme.example), while example.com/.org/.net above stay placeholders.
const reservedTlds = ['.test', '.invalid', '.localhost', '.local'];

const keyboardRows = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm', '1234567890', 'poiuytrewq', 'lkjhgfdsa', 'mnbvcxz', '0987654321'];

export function isPlaceholderValue(value: string): boolean {
  if (value.length > 20) return false;
  return placeholderValues.has(value.trim().toLowerCase());
}

/** A word that is a test/placeholder word, one character repeated (aaaa), a keyboard run (asdfg), or a consonant mash. */
export function isJunkWord(text: string): boolean {
  return junkWordMemo(text);
}

const junkWordMemo = memoize((text: string): boolean => {
  const key = text.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (!key) return false;
  if (junkWords.has(key)) return true;
  if (key.length >= 3 && /^(.)\1+$/.test(key)) return true;
  if (key.length >= 4 && keyboardRows.some((row) => row.includes(key))) return true;
  // two-letter run repeated: asas, sdsdsd
  if (key.length >= 4 && /^(..)\1+$/.test(key)) return true;
  if (key.length >= 5 && !/[aeiouy0-9]/.test(key)) return true;
  return false;
});

/** A name (one or several words) made only of junk words: "Test Test", "asdf", "qwerty asdf". */
export function isJunkName(name: string): boolean {
  const words = name.split(/[\s,.]+/).filter(Boolean);
  return words.length > 0 && words.every(isJunkWord);
}

export function isPlaceholderEmailDomain(domain: string): boolean {
  return placeholderDomains.has(domain) || reservedTlds.some((tld) => domain.endsWith(tld));
}

/** Fields whose placeholder values are dropped before normalizing. */
export const identityFields: ReadonlySet<CanonicalField> = new Set<CanonicalField>([
  'first_name', 'last_name', 'middle_name', 'full_name', 'email', 'secondary_email', 'phone', 'mobile', 'company', 'website',
  'title', 'street', 'street2', 'city', 'state', 'postal_code', 'country', 'department', 'salutation', 'suffix',
]);
