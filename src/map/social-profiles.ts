/**
 * Social-network addresses: a person's profile, never a company's website. A website column whose
 * value is one (LinkedIn's Connections.csv calls the profile "URL"; vendors put a LinkedIn page in
 * "Website") would give every row the company domain linkedin.com.
 */
const socialDomains = [
  'linkedin.com', 'lnkd.in', 'facebook.com', 'fb.com', 'twitter.com', 'x.com', 'instagram.com', 'youtube.com',
  'youtu.be', 'tiktok.com', 'xing.com', 'pinterest.com', 'threads.net', 'mastodon.social', 'bsky.app', 't.me',
];

function hostOf(value: string): string | undefined {
  const match = /^\s*(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[^@/\s]+@)?([^/:?#\s]+)/i.exec(value);
  return match?.[1].toLowerCase().replace(/^www\./, '').replace(/\.$/, '');
}

/** The social network a URL is on ("linkedin.com"), or undefined for any other address. */
export function socialNetworkOf(value: string): string | undefined {
  const host = hostOf(value);
  if (!host) return undefined;
  return socialDomains.find((domain) => host === domain || host.endsWith(`.${domain}`));
}

export function isLinkedInUrl(value: string): boolean {
  const network = socialNetworkOf(value);
  return network === 'linkedin.com' || network === 'lnkd.in';
}
