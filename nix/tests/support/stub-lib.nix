/*
  Just enough of nixpkgs' `lib` to *apply* the cLAN NixOS module functions
  offline and look at what they declare and define. This is not the module
  system (no merging, no type checks): it checks the wiring between the
  modules and the pure library. Real evaluation happens in the flake's
  checks wherever nixpkgs is available.
*/
let
  filterAttrs = pred: attrs: builtins.removeAttrs attrs (builtins.filter (n: !(pred n attrs.${n})) (builtins.attrNames attrs));
  type = name: extra: { _type = "option-type"; inherit name; } // extra;
in
{
  inherit filterAttrs;
  inherit (builtins) mapAttrs;
  genAttrs = names: f: builtins.listToAttrs (map (n: { name = n; value = f n; }) names);
  getAttrs = names: attrs: builtins.listToAttrs (map (n: { name = n; value = attrs.${n}; }) names);
  optionalAttrs = cond: attrs: if cond then attrs else { };
  optional = cond: x: if cond then [ x ] else [ ];
  optionals = cond: xs: if cond then xs else [ ];
  mkEnableOption = name: {
    _type = "option";
    type = type "bool" { };
    default = false;
    description = "Whether to enable ${name}.";
  };
  literalExpression = text: { _type = "literalExpression"; inherit text; };
  mkOption = spec: { _type = "option"; } // spec;
  mkIf = condition: content: { _type = "if"; inherit condition content; };
  mkDefault = content: { _type = "override"; priority = 1000; inherit content; };
  types = {
    str = type "str" { };
    bool = type "bool" { };
    port = type "port" { };
    path = type "path" { };
    package = type "package" { };
    raw = type "raw" { };
    attrsOf = elem: type "attrsOf" { inherit elem; };
    enum = values: type "enum" { inherit values; };
    listOf = elem: type "listOf" { inherit elem; };
    nullOr = elem: type "nullOr" { inherit elem; };
    submodule = module: type "submodule" { inherit module; };
    ints.between = min: max: type "intBetween" { inherit min max; };
    addCheck = base: check: base // { inherit check; checked = true; };
  };
}
