# The cLAN panel as a Nix package: `nix build .#clan-panel` (the repository's
# flake.nix), or `pkgs.callPackage ./package.nix { }` (deploy/nixos-module.nix
# does that for its `package` default). npm dependencies come from the
# committed package-lock.json through importNpmLock, one fetch per package
# checked against the lock's integrity hash, so no hash of all dependencies
# has to be computed and kept in this file.
#
# $out/bin/clan-panel starts the API, which serves the built web app and ships
# the cLAN flake (dist/apps/api/nix); $out/bin/clanctl is the CLI.
{
  lib,
  buildNpmPackage,
  importNpmLock,
  nodejs_22,
  makeWrapper,
  python3,
}:
let
  root = ../.;
  packageJson = lib.importJSON (root + "/package.json");
  # The V8 flags the panel runs with everywhere (scripts/start.sh and the bench read the same file).
  nodeFlags = builtins.replaceStrings [ "\n" ] [ " " ] (builtins.readFile ./node-flags);

  # What the build reads: sources, configs and the lock, never node_modules,
  # build output or local state (.gitignore's list).
  src = lib.cleanSourceWith {
    name = "clan-panel-source";
    src = root;
    filter =
      path: type:
      !(builtins.elem (baseNameOf path) [
        "node_modules"
        "dist"
        "tmp"
        ".nx"
        ".angular"
        "coverage"
        ".state"
        "state"
        "test-results"
        "playwright-report"
        ".git"
        "result"
      ]);
  };

  /*
    The committed lock has no `resolved` URLs (npm's
    omit-lockfile-registry-resolved), and importNpmLock fetches only the
    entries that have one. Every entry comes from the npm registry, so its
    tarball URL follows from its name (the real name for aliases such as
    string-width-cjs) and version; the lock's integrity hash still checks
    each download.
  */
  tarballUrl =
    name: version:
    let
      base = lib.last (lib.splitString "/" name);
    in
    "https://registry.npmjs.org/${name}/-/${base}-${version}.tgz";
  lockWithUrls =
    let
      lock = lib.importJSON (root + "/package-lock.json");
      withUrl =
        path: entry:
        if path == "" || entry ? resolved || entry.link or false || entry.inBundle or false then
          entry
        else
          entry
          // {
            resolved = tarballUrl (entry.name or (lib.last (lib.splitString "node_modules/" path))) entry.version;
          };
    in
    lock // { packages = lib.mapAttrs withUrl lock.packages; };
in
buildNpmPackage {
  pname = "clan-panel";
  version = packageJson.version;
  inherit src;
  nodejs = nodejs_22;

  npmDeps = importNpmLock {
    npmRoot = src;
    packageLock = lockWithUrls;
  };
  npmConfigHook = importNpmLock.npmConfigHook;

  # node-pty and argon2 compile native code with node-gyp.
  nativeBuildInputs = [
    makeWrapper
    python3
  ];

  env = {
    NX_DAEMON = "false";
    NX_NO_CLOUD = "true";
    NX_SKIP_NX_CACHE = "true";
    NG_CLI_ANALYTICS = "false";
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = "1";
  };

  # package.json's "build": nx builds api, web and cli into dist/.
  npmBuildScript = "build";

  dontNpmInstall = true;
  installPhase = ''
    runHook preInstall
    npm prune --omit=dev --no-save --ignore-scripts
    mkdir -p $out/lib/clan-panel/deploy $out/bin
    cp -r dist node_modules package.json $out/lib/clan-panel/
    cp -r deploy/bin $out/lib/clan-panel/deploy/
    makeWrapper ${lib.getExe nodejs_22} $out/bin/clan-panel \
      --add-flags "${nodeFlags} $out/lib/clan-panel/deploy/bin/clan-panel.cjs" \
      --set-default NODE_ENV production
    makeWrapper ${lib.getExe nodejs_22} $out/bin/clanctl \
      --add-flags $out/lib/clan-panel/dist/apps/cli/main.js
    runHook postInstall
  '';

  meta = {
    description = packageJson.description;
    license = lib.licenses.mit;
    mainProgram = "clan-panel";
    platforms = lib.platforms.linux;
  };
}
