# Home Assistant: home automation.
_: {
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
  };
}
