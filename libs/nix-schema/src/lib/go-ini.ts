/**
 * Texts that cannot survive Forgejo's ini reader (Go's go-ini), mirrored from
 * the Nix side's `goIniProblem` (nix/lib/encode.nix) so the panel refuses them
 * before a build would. Returns the end of "… must …" or null.
 */
const GO_SPACES = [
  ' ',
  '\t',
  '\n',
  '\r',
  '\u000b',
  '\u000c',
  '\u0085',
  '\u00a0',
  '\u1680',
  '\u2000',
  '\u2001',
  '\u2002',
  '\u2003',
  '\u2004',
  '\u2005',
  '\u2006',
  '\u2007',
  '\u2008',
  '\u2009',
  '\u200a',
  '\u2028',
  '\u2029',
  '\u202f',
  '\u205f',
  '\u3000',
];
const TRIPLE = '"""';

function surroundedBy(q: string, s: string): boolean {
  return s.length >= 2 && s.startsWith(q) && s.endsWith(q) && !s.slice(1, -1).includes(q);
}

export function goIniProblem(s: string): string | null {
  if (/%\([^)]+\)s/.test(s)) return 'must not contain "%(name)s": Forgejo\'s ini reader replaces it with the value of another setting';
  if (s.includes('\n') || s.includes('`')) {
    const lines = s.split('\n');
    return lines.slice(0, -1).some((l) => l.includes(TRIPLE))
      ? 'must not contain three double quotes (""") on a line that is followed by another line'
      : null;
  }
  const edgeSpace = GO_SPACES.some((c) => s.startsWith(c) || s.endsWith(c));
  if (edgeSpace && s.includes('"')) return 'must not both start or end with a space and contain a double quote';
  if (s.startsWith(TRIPLE)) return 'must not start with three double quotes (""")';
  if (surroundedBy('"', s) || surroundedBy("'", s))
    return "must not be wrapped in a pair of matching quotes, which Forgejo's ini reader strips";
  if (s.endsWith('\\')) return 'must not end with a backslash';
  return null;
}
