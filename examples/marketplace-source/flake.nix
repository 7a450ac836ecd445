{
  description = "A worked example of a cLAN marketplace source: one app (pin-board) and one network template (docs/marketplace.md)";

  # No inputs: the panel lists a source by evaluating `clanMarketplace` with
  # builtins only, without nixpkgs and without building anything. The NixOS
  # modules the apps point at are evaluated later, inside a network's build,
  # where nixpkgs is the network's own.
  outputs =
    { self }:
    {
      clanMarketplace = {
        apps = {
          # The key is the app's name under `applications` in configs.json.
          pinBoard = {
            title = "Pin board";
            description = "A tiny notice board for the household: one page of notes, served on the mesh.";
            category = "productivity";
            author = "Example Author <author@example.org>";
            licence = "MIT";
            icon = ./icons/pin-board.svg;
            # Display order among the apps (lower first; absent: 1000).
            order = 1500;
            # "enable": the app runs when its `enable` option is true;
            # "presence": whenever its entry is present in configs.json.
            enabledBy = "enable";
            # The same option spec as the built-in apps (nix/lib/schema.nix).
            options = {
              enable = {
                type = "bool";
                default = false;
                description = "Run the pin board on this machine.";
              };
              port = {
                type = "port";
                default = 8090;
                description = "Port of the pin board's web page (reachable on the mesh only).";
              };
              heading = {
                type = "string";
                default = "Our pin board";
                description = "The heading of the page.";
              };
            };
            # Functions of the app's settings, as for the built-in apps; the
            # panel lists them with the defaults.
            meshPorts = cfg: {
              tcp = [ cfg.port ];
              udp = [ ];
            };
            state = _: {
              paths = [ "/var/lib/pin-board" ];
              hooks = [ ];
            };
            web = {
              label = "pin-board";
              port = cfg: cfg.port;
            };
            # The NixOS module, evaluated only when a network builds it. It
            # reads config.clan.applications.pinBoard (the panel declares it
            # from `options`).
            nixosModule = ./apps/pin-board.nix;
          };
        };

        templates = {
          householdBoard = {
            title = "Household with a pin board";
            description = "One always-on machine with the pin board and Syncthing, for a family network.";
            author = "Example Author <author@example.org>";
            licence = "CC0-1.0";
            # A configs.json fragment: machines and their apps.
            configs = {
              home-server = {
                applications = {
                  pinBoard = {
                    enable = true;
                    heading = "The Example family";
                  };
                  syncthing = {
                    enable = true;
                    sharedFolders = [ "/srv/shared" ];
                  };
                };
              };
            };
          };
        };
      };
    };
}
