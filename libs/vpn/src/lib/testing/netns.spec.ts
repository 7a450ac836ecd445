import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireLabTools } from './netns';

describe('the namespace lab', () => {
  it('fails naming the Debian packages when its tools are missing', () => {
    const empty = mkdtempSync(join(tmpdir(), 'clan-nopath-'));
    try {
      expect(() => requireLabTools({ ...process.env, PATH: empty })).toThrow(
        'The WireGuard namespace test needs `ip` (Debian package iproute2), `wireguard-go` (Debian package wireguard-go), `wg` (Debian package wireguard-tools), `ping` (Debian package iputils-ping), `nft` (Debian package nftables): apt-get install -y iproute2 wireguard-go wireguard-tools iputils-ping nftables',
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    expect(() => requireLabTools()).not.toThrow();
  });
});
