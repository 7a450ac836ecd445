# Home Assistant: home automation.
{ u, helpers, ... }:
let
  passwordFile = helpers.appSecret "home-assistant" "admin-password";
in
{
  # Display and merge order among the apps (lower first; absent: 1000).
  order = 80;
  nixosModule = "services.home-assistant";
  enabledBy = "enable";
  options = {
    enable = {
      type = "bool";
      default = false;
      description = "Run Home Assistant on this machine.";
    };
    timeZone = {
      type = "string";
      format = "timeZone";
      default = "UTC";
      description = "IANA time zone of the home, e.g. \"Europe/Berlin\".";
    };
    unitSystem = {
      type = "enum";
      # Only values every supported nixpkgs accepts (docs/nix.md):
      # services.home-assistant.config.homeassistant.unit_system was
      # [ "metric" "imperial" ] until nixpkgs followed Home Assistant's rename
      # to [ "metric" "us_customary" ] during the 25.05 cycle (January 2025,
      # docs/nix.md names the nixpkgs report); "metric" is the name both accept.
      values = [ "metric" ];
      default = "metric";
      description = "Metric (°C, km): the one unit system every supported NixOS release accepts under the same name.";
    };
  };

  # Onboarding belongs to whoever reaches it first: on first boot
  # clan-home-assistant-owner creates the owner "admin" with the panel's
  # password from the machine itself (loopback). The remaining onboarding
  # steps (location, analytics) need that sign-in.
  credential = {
    dir = "home-assistant";
    files = [ "admin-password" ];
    username = "admin";
    applies = "first-boot";
  };

  # The web interface, at https://home-assistant.<machine>.<network>.clan on a
  # machine with a mesh name (docs/https.md); Home Assistant then listens on
  # loopback and trusts the proxy's X-Forwarded-For from there only.
  web = {
    label = "home-assistant";
    port = _: 8123;
  };

  meshPorts = _: {
    tcp = [ 8123 ];
    udp = [ ];
  };

  state = _: {
    paths = [ "/var/lib/hass" ];
    hooks = [ ];
  };

  /*
    Liveness (lib/app-checks.nix): Home Assistant's /manifest.json (served
    without sign-in) at services.home-assistant.config.http.server_port
    (nixpkgs default 8123) on the first of server_host (default
    [ "0.0.0.0" "::" ]; a string or a list).
  */
  checks =
    { pkgs, config }:
    let
      c = import ../app-checks.nix;
      http = (config.services.home-assistant.config or { }).http or { };
      hosts = http.server_host or [ "0.0.0.0" ];
      host = if builtins.isList hosts then (if hosts == [ ] then "0.0.0.0" else builtins.head hosts) else hosts;
    in
    {
      home-assistant = c.http {
        inherit pkgs;
        app = "Home Assistant";
        url = "http://${c.loopbackHost host}:${toString (http.server_port or 8123)}/manifest.json";
      };
    };

  settings =
    cfg: ctx:
    u.recursiveMerge [
      {
        services.home-assistant = {
          enable = true;
          openFirewall = false;
          config = {
            default_config = { };
            homeassistant = {
              time_zone = cfg.timeZone;
              unit_system = cfg.unitSystem;
            };
            http =
              {
                server_port = 8123;
              }
              // u.optionalAttrs ctx.https {
                # nginx sends X-Forwarded-For: accepted from loopback only.
                use_x_forwarded_for = true;
                trusted_proxies = [ "127.0.0.1" ];
              }
              # Loopback only, unless publish opens 8123 (then nixpkgs' default: every address).
              // u.optionalAttrs (ctx.listen == "127.0.0.1") { server_host = ctx.listen; };
          };
        };
      }
      # curl and jq are put on its path by modules/apps/home-assistant.nix.
      (helpers.secretUnit {
        name = "clan-home-assistant-owner";
        description = "Home Assistant's owner with the panel's password";
        service = "home-assistant.service";
        order = "after";
        secretFile = passwordFile;
        script = ''
          set -eu
          api=http://127.0.0.1:8123
          ${helpers.awaitAnswer {
            var = "steps";
            path = "/api/onboarding";
            seconds = 600;
            app = "Home Assistant";
          }}
          if printf '%s' "$steps" | jq -e 'any(.[]; .step == "user" and .done)' >/dev/null; then exit 0; fi
          jq -n --rawfile pw ${passwordFile} \
            '{client_id: "http://127.0.0.1:8123/", name: "Administrator", username: "admin", password: ($pw | rtrimstr("\n")), language: "en"}' \
            | curl -fsS -X POST -H 'Content-Type: application/json' --data-binary @- "$api/api/onboarding/users" >/dev/null
        '';
      })
    ];
}
