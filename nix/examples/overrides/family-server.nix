# The local admin's layer of the example machine: joins the WireGuard mesh
# (the panel will write these values itself once keys are issued).
{ ... }:
{
  clan.mesh = {
    enable = true;
    addresses = [ "10.42.0.1/24" ];
    # Its mesh name: the apps are served at https://<app>.family-server.home.clan
    # (docs/https.md); the phonebook (the panel host) resolves home.clan.
    domain = "family-server.home.clan";
    nameservers = [ "10.42.0.254" ];
    peers = [
      {
        publicKey = "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=";
        endpoint = "192.0.2.10:51820";
        allowedIPs = [ "10.42.0.2/32" ];
        persistentKeepalive = 25;
      }
    ];
  };
}
