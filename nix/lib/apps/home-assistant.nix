# Home Assistant: home automation.
{ helpers, ... }:
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
      # Only values every supported nixpkgs accepts (docs/nix.md): nixos-25.05's
      # services.home-assistant.config.homeassistant.unit_system is
      # [ "metric" "imperial" ], later releases [ "metric" "us_customary" ].
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

  meshPorts = _: {
    tcp = [ 8123 ];
    udp = [ ];
  };

  state = _: {
    paths = [ "/var/lib/hass" ];
    hooks = [ ];
  };

  settings = cfg: {
    services.home-assistant = {
      enable = true;
      openFirewall = false;
      config = {
        default_config = { };
        homeassistant = {
          time_zone = cfg.timeZone;
          unit_system = cfg.unitSystem;
        };
        http.server_port = 8123;
      };
    };
    # curl and jq are put on its path by modules/apps/home-assistant.nix.
    systemd.services.clan-home-assistant-owner = {
      description = "cLAN: Home Assistant's owner with the panel's password";
      wantedBy = [ "multi-user.target" ];
      after = [ "home-assistant.service" ];
      requires = [ "home-assistant.service" ];
      unitConfig.RequiresMountsFor = [ passwordFile ];
      serviceConfig = {
        Type = "oneshot";
        RemainAfterExit = true;
        UMask = "0077";
      };
      script = ''
        set -eu
        api=http://127.0.0.1:8123
        for _ in $(seq 1 600); do
          steps=$(curl -fsS "$api/api/onboarding" 2>/dev/null) && break
          sleep 1
        done
        [ -n "''${steps:-}" ] || { echo "Home Assistant did not answer on $api" >&2; exit 1; }
        if printf '%s' "$steps" | jq -e 'any(.[]; .step == "user" and .done)' >/dev/null; then exit 0; fi
        jq -n --rawfile pw ${passwordFile} \
          '{client_id: "http://127.0.0.1:8123/", name: "Administrator", username: "admin", password: ($pw | rtrimstr("\n")), language: "en"}' \
          | curl -fsS -X POST -H 'Content-Type: application/json' --data-binary @- "$api/api/onboarding/users" >/dev/null
      '';
    };
  };
}
