/**
 * Making user data safe to put in a report: HTML escaping of every user string (column names, category
 * values, titles and labels are all user data), and file names that cannot escape their folder or upset
 * an operating system.
 */

// Control characters are matched on purpose: they are what these patterns remove.
/* eslint-disable no-control-regex */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const UNSAFE_IN_NAME = /[\u0000-\u001F\u007F<>:"/\\|?*]+/g;
/* eslint-enable no-control-regex */

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for HTML element content and quoted attribute values (OWASP XSS cheat sheet rule #1 and
 * #2: & < > " ' become entities). Control characters other than tab and line breaks are dropped: they
 * are invalid in HTML and only ever arrive by accident or malice.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c).replace(CONTROL, '');
}

/** Windows device names, which cannot be file names with any extension. */
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/**
 * A file name (not a path) made safe on Windows, macOS and Linux: path separators, control characters and
 * `<>:"|?*` become '-', leading dots and trailing dots/spaces go (no hidden or "..") names, reserved device
 * names get a suffix, and the name is cut to `maxLength` characters keeping its extension.
 */
export function safeFileName(name: string, fallback = 'report', maxLength = 120): string {
  let s = name.normalize('NFC').replace(UNSAFE_IN_NAME, '-').replace(/\s+/g, ' ').trim();
  s = s.replace(/^[.\s-]+/, '').replace(/[.\s]+$/, '');
  const dot = s.lastIndexOf('.');
  let stem = dot > 0 ? s.slice(0, dot) : s;
  const ext = dot > 0 ? s.slice(dot) : '';
  if (RESERVED.test(stem)) stem = `${stem}-file`;
  const room = Math.max(1, maxLength - ext.length);
  if (stem.length > room) stem = stem.slice(0, room).trim();
  if (stem === '' || stem.replace(/[-.\s]/g, '') === '') return fallback + ext;
  return stem + ext;
}

/** A file stem from a report title: "Houses: predict the price" → "houses-predict-the-price". */
export function fileStemFromTitle(title: string): string {
  const stem = safeFileName(title.replace(/[.]/g, ' '), 'report', 80).replace(/[\s-]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase();
  return stem === '' ? 'report' : stem;
}
