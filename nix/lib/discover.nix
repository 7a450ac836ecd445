/*
  App discovery: an app is its files, never an entry in a list.

  appFiles dir → { <key> = <path>; } for every `<name>.nix` file in `dir`
  (builtins.readDir, so the result follows what is on disk). The key is the
  app's name in configs.json: the file name without `.nix`, in camelCase
  ("home-assistant.nix" → homeAssistant), the same rule the TypeScript
  catalog's generator (scripts/generate-app-catalog.mjs) applies to
  libs/nix-schema/src/lib/catalog/apps/<name>.ts. Anything that is not a
  regular `.nix` file is ignored; a `.nix` file whose name breaks the rule
  fails evaluation with a sentence.
*/
let
  inherit (builtins)
    attrNames
    concatStringsSep
    filter
    genList
    head
    isString
    listToAttrs
    match
    readDir
    split
    stringLength
    substring
    tail
    ;

  lower = "abcdefghijklmnopqrstuvwxyz";
  upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  upperOf = listToAttrs (
    genList (i: {
      name = substring i 1 lower;
      value = substring i 1 upper;
    }) 26
  );
  capitalize = s: (upperOf.${substring 0 1 s} or (substring 0 1 s)) + substring 1 (stringLength s) s;

  # Lower-case words of letters and digits joined by "-", starting with a letter.
  namePattern = "[a-z][a-z0-9]*(-[a-z0-9]+)*";
in
rec {
  inherit namePattern;

  # "home-assistant" → "homeAssistant".
  camelCase =
    name:
    let
      words = filter isString (split "-" name);
    in
    head words + concatStringsSep "" (map capitalize (tail words));

  appFiles =
    dir:
    let
      entries = readDir dir;
      nixFiles = filter (f: entries.${f} == "regular" && match ".+\\.nix" f != null) (attrNames entries);
      keyOf =
        file:
        let
          base = substring 0 (stringLength file - 4) file;
        in
        if match namePattern base == null then
          throw "clan: the app file ${toString dir}/${file} must be named <name>.nix with <name> in lower-case words of letters and digits joined by \"-\" (e.g. home-assistant.nix)."
        else
          camelCase base;
    in
    listToAttrs (
      map (file: {
        name = keyOf file;
        value = dir + "/${file}";
      }) nixFiles
    );

  # Keys sorted by each definition's `order` (lower first; absent: 1000), then by key.
  ordered =
    defs:
    builtins.sort (
      a: b:
      let
        oa = defs.${a}.order or 1000;
        ob = defs.${b}.order or 1000;
      in
      if oa == ob then a < b else oa < ob
    ) (attrNames defs);
}
