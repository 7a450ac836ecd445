# Mumble client settings: which server the machine's Mumble client uses.
# Active whenever present (no enable flag); it serves no ports.
_: {
  # Display and merge order among the apps (lower first; absent: 1000).
  order = 50;
  nixosModule = "environment.etc";
  enabledBy = "presence";
  # It serves no ports: a publish entry naming it is refused with this reason.
  notPublishable = "the Mumble client serves no ports, so there is nothing to publish";
  options = {
    server = {
      type = "string";
      format = "hostname";
      description = "Host name of the Mumble server to connect to, e.g. \"mumble.clan\".";
    };
    port = {
      type = "port";
      default = 64738;
      description = "Port of the Mumble server.";
    };
  };

  meshPorts = _: {
    tcp = [ ];
    udp = [ ];
  };

  state = _: {
    paths = [ ];
    hooks = [ ];
  };

  settings = cfg: {
    environment.etc."clan/mumble-client.json".text = builtins.toJSON {
      inherit (cfg) server port;
      url = "mumble://${cfg.server}:${toString cfg.port}/";
    };
  };
}
