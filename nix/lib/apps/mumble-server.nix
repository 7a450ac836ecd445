# Mumble server (murmur): low-latency voice chat.
{ encode, ... }:
{
  # Display and merge order among the apps (lower first; absent: 1000).
  order = 40;
  nixosModule = "services.murmur";
  enabledBy = "enable";
  options = {
    enable = {
      type = "bool";
      default = false;
      description = "Run a Mumble (murmur) voice chat server on this machine.";
    };
    port = {
      type = "port";
      default = 64738;
      description = "Port for voice (UDP) and control (TCP), mesh only.";
    };
    welcomeText = {
      type = "string";
      default = "";
      description = "Message shown to users when they connect (any text).";
    };
    bandwidth = {
      type = "int";
      min = 8000;
      max = 1000000;
      default = 72000;
      description = "Maximum bandwidth per user, in bits per second.";
    };
    users = {
      type = "int";
      min = 1;
      max = 1000;
      default = 100;
      description = "How many users may be connected at once.";
    };
  };

  meshPorts = cfg: {
    tcp = [ cfg.port ];
    udp = [ cfg.port ];
  };

  state = _: {
    paths = [ "/var/lib/murmur" ];
    hooks = [ ];
  };

  settings = cfg: {
    services.murmur = {
      enable = true;
      openFirewall = false;
      inherit (cfg) port bandwidth users;
      # nixpkgs pastes this between double quotes in murmur.ini and runs
      # envsubst over the file: encoded so murmur reads exactly welcomeText.
      welcometext = encode.murmurIniString cfg.welcomeText;
    };
  };
}
