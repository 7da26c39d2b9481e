// Showing URLs that may hold a password: in messages, in logs, in boot errors.
// A password is always masked; a URL without one is shown as it is.

/**
 * Text with the password of every URL in it masked (`amqp://user:***@host`);
 * a URL without a password is left as it is, user name included.
 */
export function withoutPassword(text: string): string {
  // Greedy up to the last "@" of the token, so a password holding "@" is masked whole;
  // the scheme's own colon ("postgres://") is never taken for the password's.
  return text
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/]*):[^\s]*@/gi, '$1:***@')
    .replace(/(^|[\s"'(=])([^\s:@/"'(=]*):(?!\/\/|\*\*\*@)[^\s/]*@/g, '$1$2:***@');
}

/**
 * One URL (a setting's value, well formed or not) with its password masked:
 * everything between the colon after the user name and the last "@" becomes
 * "***". Without an "@" there is no password to hide.
 */
export function maskedUrl(url: string): string {
  const at = url.lastIndexOf('@');
  if (at < 0) return url;
  // Only "scheme://" is a scheme: in "user:pass@host" the first colon is the password's.
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url);
  const userStart = scheme ? scheme[0].length : 0;
  const colon = url.indexOf(':', userStart);
  return colon >= 0 && colon < at ? `${url.slice(0, colon + 1)}***${url.slice(at)}` : url;
}
