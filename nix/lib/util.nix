# Small pure helpers (no nixpkgs): the library must evaluate with nothing but
# builtins, so the few functions nixpkgs' lib would give us live here.
let
  inherit (builtins)
    attrNames
    concatStringsSep
    elem
    filter
    foldl'
    genList
    head
    isAttrs
    isList
    length
    listToAttrs
    replaceStrings
    tail
    ;
in
rec {
  concatMap = f: list: builtins.concatLists (map f list);

  optional = cond: value: if cond then [ value ] else [ ];
  optionals = cond: list: if cond then list else [ ];
  optionalAttrs = cond: attrs: if cond then attrs else { };

  unique = foldl' (acc: x: if elem x acc then acc else acc ++ [ x ]) [ ];

  # Names of `attrs` that are not in `allowed`.
  unknownKeys = allowed: attrs: filter (n: !(elem n allowed)) (attrNames attrs);

  last = list: builtins.elemAt list (length list - 1);
  init = list: genList (builtins.elemAt list) (length list - 1);

  hasPrefix = prefix: s: builtins.substring 0 (builtins.stringLength prefix) s == prefix;
  hasSuffix =
    suffix: s:
    let
      ls = builtins.stringLength s;
      lx = builtins.stringLength suffix;
    in
    ls >= lx && builtins.substring (ls - lx) lx s == suffix;

  # Does the POSIX ERE `re` match somewhere in `s`? (builtins.match anchors.)
  contains = re: s: builtins.match ".*(${re}).*" s != null;
  containsText = needle: s: builtins.length (builtins.split (escapeRegex needle) s) > 1;
  escapeRegex = replaceStrings
    [ "\\" "." "*" "+" "?" "(" ")" "[" "]" "{" "}" "|" "^" "$" ]
    [ "\\\\" "\\." "\\*" "\\+" "\\?" "\\(" "\\)" "\\[" "\\]" "\\{" "\\}" "\\|" "\\^" "\\$" ];

  # The lines of `s` ("\n" only, like Go's and Qt's readers).
  lines = s: filter builtins.isString (builtins.split "\n" s);

  # One word for a POSIX shell: single-quoted, with ' written as '\''.
  escapeShellArg = s: "'" + replaceStrings [ "'" ] [ "'\\''" ] s + "'";

  # A JSON-ish rendering of a value for error sentences, cut short.
  show =
    v:
    let
      cut = t: if builtins.stringLength t > 60 then builtins.substring 0 59 t + "…" else t;
    in
    if builtins.isString v then builtins.toJSON (cut v) else cut (builtins.toJSON v);

  # The control characters U+0001–U+001F and U+007F (Nix strings cannot hold
  # U+0000), built through fromJSON because Nix has no \x escape.
  controlChars = map (n: builtins.fromJSON ''"\u00${toHex2 n}"'') (genList (n: n + 1) 31 ++ [ 127 ]);
  toHex2 =
    n:
    let
      digits = [ "0" "1" "2" "3" "4" "5" "6" "7" "8" "9" "a" "b" "c" "d" "e" "f" ];
    in
    builtins.elemAt digits (n / 16) + builtins.elemAt digits (n - 16 * (n / 16));

  /*
    Pure recursive merge of NixOS-style settings: attribute sets merge key by
    key, lists concatenate (firewall ports from several apps add up), equal
    leaves are kept once and different leaves are an error naming the path,
    so two apps can never silently overwrite each other's option.
  */
  recursiveMerge = foldl' (mergeAt [ ]) { };
  mergeAt =
    path: a: b:
    if isAttrs a && isAttrs b then
      a
      // builtins.mapAttrs (n: v: if a ? ${n} then mergeAt (path ++ [ n ]) a.${n} v else v) b
    else if isList a && isList b then
      a ++ b
    else if a == b then
      a
    else
      throw "clan: conflicting values for ${concatStringsSep "." path}: ${show a} and ${show b}";

  /*
    overlayLayer base local: the local admin's layer over the network layer,
    as the panel computes the effective config — attribute sets merge key by
    key; lists and scalars from `local` replace.
  */
  overlayLayer =
    base: local:
    if isAttrs base && isAttrs local then
      base // builtins.mapAttrs (n: v: if base ? ${n} then overlayLayer base.${n} v else v) local
    else
      local;

  # listToAttrs over (name, value) pairs built by `f`.
  genAttrs' = list: f: listToAttrs (map f list);
  genAttrs = names: f: listToAttrs (map (n: { name = n; value = f n; }) names);

  filterAttrs = pred: attrs: listToAttrs (
    concatMap (n: if pred n attrs.${n} then [ { name = n; value = attrs.${n}; } ] else [ ]) (attrNames attrs)
  );

  inherit head tail;
}
