// Source-repository hosts the Marketplace toolkit accepts (MK28, MK37). Sources disagree (§5 D3):
// older copies hard-code six hosts, newer ones add gitlab.anchnet.com. We follow the stricter list
// and say so when the seventh host is used.
export const SOURCE_HOSTS = ['github.com', 'gitlab.com', 'bitbucket.org', 'gitee.com', 'codeberg.org', 'git.sr.ht'];
export const NEWER_ONLY_HOST = 'gitlab.anchnet.com';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const hostsRe = (hosts: string[]) => hosts.map(escape).join('|');

export const REPO_URL = new RegExp(`^https?://(?:www\\.)?(?:${hostsRe(SOURCE_HOSTS)})/[^\\s)>"]+$`, 'i');
export const REPO_URL_NEWER = new RegExp(`^https?://(?:www\\.)?(?:${escape(NEWER_ONLY_HOST)})/[^\\s)>"]+$`, 'i');
export const SOURCE_LINK = new RegExp(`https?://(?:www\\.)?(?:${hostsRe(SOURCE_HOSTS)})/[^\\s]+`, 'i');
export const SOURCE_LINK_NEWER = new RegExp(`https?://(?:www\\.)?(?:${escape(NEWER_ONLY_HOST)})/[^\\s]+`, 'i');

export const HOSTS_TEXT = SOURCE_HOSTS.join(', ');

/** The e-mail shape the Marketplace requires of manifest `contact` (MK29). */
export const CONTACT_EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$/;
