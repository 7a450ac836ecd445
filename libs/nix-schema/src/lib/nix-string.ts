/**
 * A Nix double-quoted string literal holding exactly `text`. Every `$` is
 * escaped (so no `${` can start an interpolation), as are `"` and `\`, and
 * line breaks/tabs become escapes. Used only for panel settings (the cLAN flake
 * URL), never for user data, which reaches Nix through configs.json alone.
 */
export function nixString(text: string): string {
  if (text.includes('\u0000')) throw new Error('A Nix string cannot contain NUL characters.');
  let out = '"';
  for (const ch of text) {
    switch (ch) {
      case '\\':
        out += '\\\\';
        break;
      case '"':
        out += '\\"';
        break;
      case '$':
        out += '\\$';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\r':
        out += '\\r';
        break;
      case '\t':
        out += '\\t';
        break;
      default:
        out += ch;
    }
  }
  return `${out}"`;
}
