/*
  The option paths modules set and declare, without nixpkgs (the module
  functions applied with ./stub-lib.nix and stand-ins for config and pkgs).
  nix/tests/deploy.spec.ts checks every set path against the options our own
  modules declare and the manifest of nixpkgs options (deploy/nixpkgs-options.json).

  A set path ends at the first value that is not an attribute set (a list, a
  string, a number…), or at an empty set; mkIf/mkMerge/mkDefault/mkOrder are
  looked through, both branches of a condition included. An empty set at the
  top (core.nix defines every key of lib.settingsTopLevel, most often as { })
  sets nothing.
*/
let
  stub = import ./stub-lib.nix;
  wrapped = v: builtins.isAttrs v && v ? _type;
  setPaths =
    prefix: v:
    if wrapped v then
      if v._type == "merge" then
        builtins.concatMap (setPaths prefix) v.contents
      else if v._type == "if" || v._type == "override" || v._type == "order" then
        setPaths prefix v.content
      else
        [ prefix ]
    else if builtins.isAttrs v && v == { } && builtins.length prefix <= 1 then
      [ ]
    else if builtins.isAttrs v && v != { } then
      builtins.concatMap (k: setPaths (prefix ++ [ k ]) v.${k}) (builtins.attrNames v)
    else
      [ prefix ];
  declaredPaths =
    prefix: v:
    if builtins.isAttrs v && (v._type or null) == "option" then
      [ prefix ]
    else if builtins.isAttrs v then
      builtins.concatMap (k: declaredPaths (prefix ++ [ k ]) v.${k}) (builtins.attrNames v)
    else
      [ ];
  # What a module function's result sets: its `config`, or the whole result
  # minus the module attributes when it has no `config`/`options`.
  configOf =
    r:
    if r ? config || r ? options then
      r.config or { }
    else
      builtins.removeAttrs r [
        "imports"
        "_file"
        "key"
        "meta"
        "disabledModules"
      ];
in
{
  inherit stub setPaths declaredPaths;
  /* One module file applied to `args` (lib defaults to the stub): what it sets and declares. */
  ofModule =
    file: args:
    let
      f = import file;
      r = if builtins.isFunction f then f ({ lib = stub; } // args) else f;
    in
    {
      sets = setPaths [ ] (configOf r);
      declares = declaredPaths [ ] (r.options or { });
    };
}
