# NixOS option declarations generated from the pure library's schemas
# (lib/schema.nix), so option types, defaults and configs.json validation
# cannot drift apart.
{ lib }:
let
  clanLib = import ../lib;
  inherit (lib) mkOption types;
in
rec {
  # A string checked by one of lib/formats.nix.
  formatType =
    format:
    if format == "text" then
      types.str
    else
      types.addCheck types.str (s: clanLib.formats.${format}.problem s == null)
      // {
        name = "clan-${format}";
        description = "string (${format}, see docs/nix.md)";
      };

  typeFor =
    spec:
    let
      t = spec.type;
    in
    if t == "bool" then
      types.bool
    else if t == "port" then
      types.port
    else if t == "int" then
      types.ints.between spec.min spec.max
    else if t == "enum" then
      types.enum spec.values
    else if t == "string" then
      formatType (spec.format or "text")
    else if t == "list" then
      types.listOf (formatType (spec.format or "text"))
    else if t == "nullable" then
      types.nullOr (formatType spec.format)
    else if t == "nullable-int" then
      types.nullOr (types.ints.between spec.min spec.max)
    else if t == "object" then
      types.submodule { options = optionsFor spec.options; }
    else
      throw "clan: no NixOS type for schema type ${t}";

  optionFor =
    spec:
    mkOption (
      {
        type = typeFor spec;
        description = spec.description or "";
      }
      // lib.optionalAttrs (spec ? default) { inherit (spec) default; }
      // lib.optionalAttrs (!(spec ? default) && spec.type == "object") { default = { }; }
    );

  optionsFor = lib.mapAttrs (_: optionFor);

  # Only the declared fields of a submodule value (never `_module`).
  pick = specs: value: lib.getAttrs (builtins.attrNames specs) value;

  # The option clan.applications.<app> of an app (built-in or third-party)
  # from its schema: a submodule, null when absent for apps enabled by presence.
  appOption =
    app: def:
    let
      submodule = types.submodule { options = optionsFor def.options; };
    in
    if def.enabledBy == "presence" then
      mkOption {
        type = types.nullOr submodule;
        default = null;
        description = "Settings of ${app}; active whenever set (not null).";
      }
    else
      mkOption {
        type = submodule;
        default = { };
        description = "Settings of ${app} (off unless enable is true).";
      };
}
