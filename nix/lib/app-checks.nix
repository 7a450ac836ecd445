/*
  The apps' checks (docs/vm-controller.md "CHECK"): cheap local liveness
  probes of an app's own service, which the VM controller runs when the
  panel asks (a verified restore does, docs/backups.md). Each app in
  lib/apps/<app>.nix may declare

    checks = { pkgs, config }: { <app> = "<bash body>"; };

  next to its dumpHooks; modules/vm-guest.nix declares each as the hook
  check-<name> on a machine where the app is on and lists it in
  /etc/clan/checks. A check prints one sentence last (the controller passes
  the last line on as its detail): never a secret. It reads the app's port
  and address from the app's real nixpkgs options (config), and runs its
  commands by store path. Pure: pkgs and config are arguments.
*/
let
  u = import ./util.nix;
  inherit (builtins)
    attrNames
    foldl'
    listToAttrs
    mapAttrs
    match
    ;
  discover = import ./discover.nix;
  # The catalog, read as lib/default.nix reads it. Only `checks` and
  # `enabledBy` are used here, and neither needs the helpers (which stay in
  # lib/default.nix): evaluating one would be a mistake, said as such.
  appArgs = {
    inherit u;
    encode = import ./encode.nix;
    helpers = throw "clan: lib/app-checks.nix reads only the apps' checks and enabledBy, which use no helpers.";
  };
  apps = mapAttrs (_: file: import file appArgs) (discover.appFiles ./apps);
  pathOf = packages: builtins.concatStringsSep ":" (map (p: "${p}/bin") packages);
in
rec {
  # appChecks.<app> { pkgs, config } → check name → bash body ({} for an app without checks).
  appChecks = mapAttrs (_: def: def.checks or (_: { })) apps;

  # The hook a check becomes: check-<name>.
  hookName = name: "check-${name}";

  # Whether <app> is on in this machine's clan.applications (the NixOS option app-module.nix declares).
  isOn =
    config: app:
    let
      cfg = (config.clan.applications or { }).${app} or null;
    in
    if apps.${app}.enabledBy == "presence" then cfg != null else cfg != null && (cfg.enable or false);

  # forMachine { pkgs, config } → hook name → bash body, for the apps that are on.
  forMachine =
    { pkgs, config }:
    foldl' (
      acc: app:
      acc
      // listToAttrs (
        map (name: {
          name = hookName name;
          value = (appChecks.${app} { inherit pkgs config; }).${name};
        }) (attrNames (appChecks.${app} { inherit pkgs config; }))
      )
    ) { } (builtins.filter (isOn config) (attrNames apps));

  /*
    The host to reach a service on from the machine itself, for the address
    it listens on: any address (empty, 0.0.0.0, ::) → loopback; an IPv6
    address in brackets; a name or an IPv4 address as it is.
  */
  loopbackHost =
    address:
    if address == "" || address == "0.0.0.0" || address == "*" then
      "127.0.0.1"
    else if address == "::" || address == "[::]" then
      "[::1]"
    else if match "[[].*[]]" address != null then
      address
    else if match ".*:.*" address != null then
      "[${address}]"
    else
      address;

  /*
    A check that asks `url` with curl until it answers (for about `seconds`,
    bash's $SECONDS, well within the controller's 60: an app may still be
    starting when the machine is healthy), then says so in one sentence. `unixSocket`: reach the URL through that socket.
    `expect`: a regular expression (grep -E) the answer must contain.
  */
  http =
    {
      pkgs,
      app,
      url,
      unixSocket ? null,
      expect ? null,
      seconds ? 40,
    }:
    let
      where = if unixSocket == null then url else "${url} (socket ${unixSocket})";
      socketArgs = if unixSocket == null then "" else "--unix-socket ${u.escapeShellArg unixSocket} ";
    in
    ''
      export PATH=${pathOf [ pkgs.coreutils pkgs.gnugrep ]}
      url=${u.escapeShellArg url}
      answer=
      while :; do
        if answer=$(${pkgs.curl}/bin/curl -fsS --connect-timeout 3 --max-time 5 ${socketArgs}"$url" 2>&1)${
          if expect == null then "" else " && printf '%s' \"$answer\" | grep -Eq ${u.escapeShellArg expect}"
        }; then
          echo ${u.escapeShellArg "${app} answers on ${where}."}
          exit 0
        fi
        [ "$SECONDS" -lt ${toString seconds} ] || break
        sleep 1
      done
      echo ${u.escapeShellArg "${app} does not answer on ${where} within ${toString seconds} seconds"}" ($(printf '%s' "$answer" | tail -n 1 | cut -c 1-160))."
      exit 1
    '';
}
