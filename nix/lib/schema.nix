/*
  A tiny schema language for configs.json, so that defaults, validation and
  the NixOS option declarations (modules/option-types.nix) all come from one
  description per field:

    { type = "bool" | "port" | "int" | "enum" | "string" | "list" | "object";
      default = …;            # absent: the field is required
      min, max;               # int
      values, reserved;       # enum (reserved: value → sentence, "not supported yet")
      format;                 # string, and list items (formats.nix; default "text")
      options;                # object: name → spec
      description; }

  `fill ctx field spec value` returns the value with defaults filled in, or
  throws "clan: <ctx><field> <problem>." naming the field, the way the
  TypeScript validator words it.
*/
let
  u = import ./util.nix;
  formats = import ./formats.nix;
  inherit (builtins)
    attrNames
    concatStringsSep
    elem
    elemAt
    genList
    isAttrs
    isBool
    isInt
    isList
    isString
    length
    typeOf
    ;

  describe =
    v:
    if v == null then
      "null"
    else if isList v then
      "a list"
    else if isAttrs v then
      "an object"
    else if isString v then
      "text ${u.show v}"
    else
      "${typeOf v} ${u.show v}";

  fail = ctx: field: problem: throw "clan: ${ctx}${field} ${problem}.";
in
rec {
  inherit describe;

  fill =
    ctx: field: spec: v:
    let
      t = spec.type;
      no = fail ctx field;
    in
    if t == "bool" then
      (if isBool v then v else no "must be true or false (got ${describe v})")
    else if t == "port" then
      (
        if isInt v && v >= 1 && v <= 65535 then
          v
        else
          no "must be a port number from 1 to 65535 (got ${describe v})"
      )
    else if t == "int" then
      (
        if isInt v && v >= spec.min && v <= spec.max then
          v
        else
          no "must be a whole number from ${toString spec.min} to ${toString spec.max} (got ${describe v})"
      )
    else if t == "enum" then
      (
        if isString v && elem v spec.values then
          v
        else if isString v && (spec.reserved or { }) ? ${v} then
          throw "clan: ${ctx}${field}: ${spec.reserved.${v}}."
        else
          no "must be one of ${concatStringsSep ", " (map builtins.toJSON spec.values)} (got ${describe v})"
      )
    else if t == "string" then
      (
        if !(isString v) then
          no "must be text (got ${describe v})"
        else
          let
            problem = formats.${spec.format or "text"}.problem v;
          in
          if problem == null then v else no problem
      )
    else if t == "list" then
      (
        if !(isList v) then
          no "must be a list (got ${describe v})"
        else
          let
            itemSpec = {
              type = "string";
              format = spec.format or "text";
            };
            items = genList (i: fill ctx "${field}[${toString i}]" itemSpec (elemAt v i)) (length v);
            dups = builtins.filter (x: length (builtins.filter (y: y == x) v) > 1) v;
          in
          if (spec.unique or true) && dups != [ ] then
            no "lists ${u.show (builtins.head dups)} more than once"
          else
            items
      )
    else if t == "object" then
      fillObject ctx field spec.options v
    else
      throw "clan: internal: unknown schema type ${t} for ${field}";

  fillObject =
    ctx: field: options: v:
    let
      prefix = if field == "" then "" else "${field}.";
      unknown = u.unknownKeys (attrNames options) v;
    in
    if !(isAttrs v) then
      fail ctx (if field == "" then "the machine configuration" else field) "must be an object (got ${describe v})"
    else if unknown != [ ] then
      throw "clan: ${ctx}${prefix}${builtins.head unknown} is not a known setting${
        if field == "" then "" else " of ${field}"
      } (known: ${concatStringsSep ", " (attrNames options)})."
    else
      builtins.mapAttrs (
        name: spec:
        if v ? ${name} then
          fill ctx "${prefix}${name}" spec v.${name}
        else if spec ? default then
          spec.default
        else if spec.type == "object" then
          # a missing nested object is the object of its defaults
          fill ctx "${prefix}${name}" spec { }
        else
          throw "clan: ${ctx}${prefix}${name} is required."
      ) options;

  # The defaults of an object schema (required fields left out).
  defaultsOf = options: builtins.mapAttrs (_: spec: spec.default) (u.filterAttrs (_: spec: spec ? default) options);
}
