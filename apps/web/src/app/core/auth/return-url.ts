/** Only same-site paths, so a crafted link cannot bounce a fresh sign-in elsewhere. */
export function safeReturnUrl(url: string | undefined): string {
  return url && url.startsWith('/') && !url.startsWith('//') && !url.startsWith('/login') ? url : '/';
}
