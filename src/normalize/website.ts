import { getDomain } from 'tldts';
import { cleanText, memoize } from './text.js';

/**
 * The registrable domain of a website or URL: "https://www.shop.acme.co.uk/about" -> "acme.co.uk".
 * Undefined when the value has no public suffix (not a website).
 */
export const websiteDomain = memoize((raw: string): string | undefined => {
  let text = cleanText(raw).toLowerCase();
  if (!text || text.includes(' ') && !/^https?:/.test(text)) return undefined;
  text = text.replace(/^[a-z]+:\/\//, '').replace(/^www\d*\./, '');
  if (text.includes('@')) text = text.slice(text.lastIndexOf('@') + 1);
  const domain = getDomain(text, { allowPrivateDomains: false });
  return domain ?? undefined;
});
