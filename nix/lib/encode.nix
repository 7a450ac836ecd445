/*
  Encoders for the places where nixpkgs pastes a string option into a config
  file without quoting it for that file's syntax. Data never becomes Nix code
  (it arrives through builtins.fromJSON), but it could still become *config*
  code: a welcome text with `"` and a newline would add keys to murmur.ini.
  Each encoder returns text that the consuming program reads back as exactly
  the original string; where a format cannot carry a string at all, the
  matching *Problem function names the reason and evaluation stops.
*/
let
  u = import ./util.nix;
  inherit (builtins) replaceStrings substring stringLength match any;

  json = s: builtins.fromJSON ''"${s}"'';

  # Go's unicode.IsSpace: what go-ini trims from both ends of a value.
  goSpaces = [ " " "\t" "\n" "\r" ] ++ map json [
    "\\u000b" "\\u000c" "\\u0085" "\\u00a0" "\\u1680" "\\u2000" "\\u2001" "\\u2002" "\\u2003"
    "\\u2004" "\\u2005" "\\u2006" "\\u2007" "\\u2008" "\\u2009" "\\u200a" "\\u2028" "\\u2029"
    "\\u202f" "\\u205f" "\\u3000"
  ];
  startsWithAny = prefixes: s: any (p: u.hasPrefix p s) prefixes;
  endsWithAny = suffixes: s: any (p: u.hasSuffix p s) suffixes;

  # go-ini's hasSurroundedQuote: quote first and last, and nowhere else.
  surroundedBy =
    q: s:
    let
      n = stringLength s;
    in
    n >= 2 && substring 0 1 s == q && substring (n - 1) 1 s == q
    && !(u.containsText q (substring 1 (n - 2) s));

  tripleQuote = "\"\"\"";
in
rec {
  inherit (u) escapeShellArg;

  /*
    murmur.ini: nixpkgs writes `welcometext="<value>"`, runs envsubst (a8m's,
    where `$$` is a literal `$`) over the file, and murmur reads it with
    QSettings (UTF-8). So: QSettings escapes for `\` `"` and line breaks,
    `\xHH` for other control characters (followed by `""`, which closes and
    reopens the quotes so a following hex digit is not read as part of the
    escape), a leading `@` doubled (QSettings reads `@…` as a typed value),
    and every `$` doubled for envsubst.
  */
  qsettingsEscapes =
    let
      named = {
        "\t" = "\\t";
        "\n" = "\\n";
        "\r" = "\\r";
      };
      others = builtins.filter (c: !(named ? ${c})) u.controlChars;
    in
    {
      from = [ "\\" "\"" "$" ] ++ builtins.attrNames named ++ others;
      to =
        [ "\\\\" "\\\"" "$$" ]
        ++ builtins.attrValues named
        ++ map (c: "\\x${controlHex.${c}}\"\"") others;
    };
  # control character → its two hex digits
  controlHex = builtins.listToAttrs (
    builtins.genList (
      i:
      let
        code = if i == 31 then 127 else i + 1;
      in
      {
        name = builtins.elemAt u.controlChars i;
        value = u.toHex2 code;
      }
    ) 32
  );
  murmurIniString =
    s:
    let
      atEscaped = if u.hasPrefix "@" s then "@" + s else s;
    in
    replaceStrings qsettingsEscapes.from qsettingsEscapes.to atEscaped;

  /*
    Forgejo's app.ini: pkgs.formats.ini writes `KEY=<value>` verbatim, go-ini
    reads it, and environment-to-ini (run by the NixOS module on every start)
    writes it back with go-ini's own quoting and Forgejo reads it again. The
    value is wrapped in backticks (raw, may span lines) or, when it holds a
    backtick, in triple quotes. goIniProblem lists the texts that do not
    survive both trips.
  */
  goIniProblem =
    s:
    let
      hasBreakOrBacktick = u.containsText "\n" s || u.containsText "`" s;
      edgeSpace = startsWithAny goSpaces s || endsWithAny goSpaces s;
    in
    if match ".*%\\([^)]+\\)s.*" s != null then
      "must not contain \"%(name)s\": Forgejo's ini reader replaces it with the value of another setting"
    else if hasBreakOrBacktick then
      (
        if any (u.containsText tripleQuote) (u.init (u.lines s)) then
          "must not contain three double quotes (\"\"\") on a line that is followed by another line"
        else
          null
      )
    else if edgeSpace && u.containsText "\"" s then
      "must not both start or end with a space and contain a double quote"
    else if u.hasPrefix tripleQuote s then
      "must not start with three double quotes (\"\"\")"
    else if surroundedBy "\"" s || surroundedBy "'" s then
      "must not be wrapped in a pair of matching quotes, which Forgejo's ini reader strips"
    else if u.hasSuffix "\\" s then
      "must not end with a backslash"
    else
      null;
  goIniValue =
    s:
    let
      problem = goIniProblem s;
    in
    if problem != null then
      throw "clan: this text ${problem}: ${u.show s}"
    else if u.containsText "`" s then
      tripleQuote + s + tripleQuote
    else
      "`" + s + "`";

  /*
    A systemd EnvironmentFile value (vaultwarden's config file): single
    quotes keep everything literally; with a `'` inside, double quotes with
    `\` `"` `` ` `` `$` escaped.
  */
  systemdEnvValue =
    s:
    if !(u.containsText "'" s) then
      "'" + s + "'"
    else
      "\"" + replaceStrings [ "\\" "\"" "`" "$" ] [ "\\\\" "\\\"" "\\`" "\\$" ] s + "\"";
}
