# String formats of configs.json fields. Each is `problem = s: null` when `s`
# is fine, else the end of a sentence "<field> …". The rules mirror
# libs/nix-schema (TypeScript), which validates first; these run again in
# Nix so a hand-edited configs.json fails evaluation with the same sentence
# instead of producing a broken or unsafe system. The NixOS option types
# (modules/option-types.nix) use the same checks.
let
  u = import ./util.nix;
  inherit (builtins) match stringLength;

  matches = re: s: match re s != null;
  label = "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
in
rec {
  # Arbitrary user text: every string Nix can hold is accepted (NUL and
  # unpaired surrogates never get here: Nix's JSON parser cuts or rejects them,
  # which is why the TypeScript side refuses them).
  text.problem = _: null;

  absolutePath.problem =
    s:
    if !(u.hasPrefix "/" s) then
      "must be an absolute path starting with \"/\" (got ${u.show s})"
    else if stringLength s > 4095 then
      "must be at most 4095 bytes long"
    else
      null;

  hostname.problem =
    s:
    if stringLength s > 253 || !(matches "${label}(\\.${label})*" s) then
      "must be a host name such as \"mumble.clan\": dot-separated labels of letters, digits and \"-\" that neither start nor end with \"-\" (got ${u.show s})"
    else
      null;

  nextcloudUser.problem =
    s:
    if stringLength s > 64 || !(matches "[A-Za-z0-9_.@-]+" s) then
      "must use letters, digits, \"_\", \".\", \"@\" and \"-\" only, at most 64 (got ${u.show s})"
    else
      null;

  nextcloudAppId.problem =
    s:
    if stringLength s > 64 || !(matches "[a-z][a-z0-9_]*" s) then
      "must be an app ID of lower-case letters, digits and \"_\", starting with a letter (got ${u.show s})"
    else
      null;

  timeZone.problem =
    s:
    if stringLength s > 64 || !(matches "[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*" s) then
      "must be an IANA time zone name such as \"UTC\" or \"Europe/Berlin\" (got ${u.show s})"
    else
      null;

  # Printable ASCII without space; the value reaches a systemd environment file
  # (encode.systemdEnvValue quotes it).
  url.problem =
    s:
    if s == "" then
      null
    else if stringLength s > 2048 || !(matches "https?://[!-~]+" s) then
      "must be empty or a URL starting with \"http://\" or \"https://\", without spaces or non-ASCII characters (got ${u.show s})"
    else
      null;

  ocrLanguage.problem =
    s:
    if stringLength s > 200 || !(matches "[a-z]{3}(_[a-z]+)*(\\+[a-z]{3}(_[a-z]+)*)*" s) then
      "must be Tesseract language codes joined with \"+\", such as \"eng\" or \"deu+eng\" (got ${u.show s})"
    else
      null;

  cron.problem =
    s:
    if stringLength s > 200 || !(matches "[0-9*,/-]+( [0-9*,/-]+){4}" s) then
      "must be a cron expression of five fields (minute hour day month weekday) using digits, \"*\", \",\", \"-\" and \"/\", e.g. \"0 3 * * *\" (got ${u.show s})"
    else
      null;

  # Forgejo's app.ini goes through go-ini twice (read, then rewritten by
  # environment-to-ini); encode.goIniValue says which texts survive both.
  forgejoText.problem = s: (import ./encode.nix).goIniProblem s;

  # A file outside the Nix store (private keys).
  secretFile.problem =
    s:
    if absolutePath.problem s != null then
      absolutePath.problem s
    else if u.hasPrefix "/nix/store" s then
      "must be a file outside the Nix store (the store is world-readable), got ${u.show s}"
    else
      null;

  # A WireGuard/Yggdrasil public key as the peers list carries it.
  publicKey.problem =
    s:
    if stringLength s > 128 || !(matches "[A-Za-z0-9+/=]+" s) then
      "must be a base64 or hex public key (got ${u.show s})"
    else
      null;

  # A mesh address in CIDR notation (IPv4 or IPv6).
  cidr.problem =
    s:
    if
      !(matches "[0-9]{1,3}(\\.[0-9]{1,3}){3}/[0-9]{1,2}" s) && !(matches "[0-9A-Fa-f:]+/[0-9]{1,3}" s)
    then
      "must be an address with prefix length, e.g. \"10.42.0.2/24\" or \"fd42::2/64\" (got ${u.show s})"
    else
      null;

  # A machine's mesh name, <machine>.<network>.clan (the phonebook's names).
  meshDomain.problem =
    s:
    if stringLength s > 253 || !(matches "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.clan" s) then
      "must be the machine's mesh name <machine>.<network>.clan in lower case, e.g. \"files.family.clan\" (got ${u.show s})"
    else
      null;

  # An IPv4 or IPv6 address without prefix length (a resolver's address).
  ipAddress.problem =
    s:
    if !(matches "[0-9]{1,3}(\\.[0-9]{1,3}){3}" s) && !(matches "[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*" s) || stringLength s > 45 then
      "must be an IPv4 or IPv6 address without prefix length, e.g. \"10.42.0.1\" or \"fd42::1\" (got ${u.show s})"
    else
      null;

  # host:port or [v6]:port, or a Yggdrasil peer URI such as tls://host:port.
  endpoint.problem =
    s:
    if stringLength s > 300 || !(matches "([a-z]+://)?([[][0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+):[0-9]{1,5}([?][!-~]*)?" s) then
      "must be host:port, [v6-address]:port or a peer URI such as tls://host:port (got ${u.show s})"
    else
      null;
}
