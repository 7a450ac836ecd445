const STORE_PATH = /^\/nix\/store\/[0-9a-z]{32}-[A-Za-z0-9+._?=-]+$/;

/** True for a top-level Nix store path (`/nix/store/<hash>-<name>`), nothing below it. */
export function isStorePath(p: string): boolean {
  return STORE_PATH.test(p);
}
