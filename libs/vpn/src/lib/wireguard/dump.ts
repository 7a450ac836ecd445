import { VpnError } from '../errors';

/**
 * `wg show <interface> dump`: what a running interface knows about its peers
 * (tab-separated; the first line is the interface itself). The private key on
 * that first line is never kept.
 */

/** WireGuard rekeys at most every 120 s while traffic flows and keepalives send at 25 s: a handshake older than this means the peer is gone. */
export const ONLINE_HANDSHAKE_SECONDS = 180;

export interface WireGuardDumpPeer {
  publicKey: string;
  /** Where packets from the peer last came from, or null (never heard of). */
  endpoint: string | null;
  allowedIps: string[];
  /** Unix seconds of the last handshake; null when there was none. */
  latestHandshake: number | null;
  rxBytes: number;
  txBytes: number;
  persistentKeepalive: number | null;
}

export interface WireGuardDump {
  publicKey: string;
  listenPort: number | null;
  peers: WireGuardDumpPeer[];
}

function int(field: string, text: string, line: number): number {
  if (!/^\d+$/.test(text)) throw new VpnError('INVALID_CONFIG', `wg dump line ${line}: ${field} ${JSON.stringify(text)} is not a number.`);
  return Number(text);
}

export function parseWireGuardDump(text: string): WireGuardDump {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new VpnError('INVALID_CONFIG', 'wg dump is empty: the interface does not exist or is not WireGuard.');
  const head = lines[0].split('\t');
  if (head.length !== 4) throw new VpnError('INVALID_CONFIG', `wg dump line 1 has ${head.length} fields, expected 4 (interface line).`);
  const listenPort = head[2] === '0' || head[2] === 'off' ? null : int('listen-port', head[2], 1);
  const peers = lines.slice(1).map((line, i): WireGuardDumpPeer => {
    const f = line.split('\t');
    if (f.length !== 8) throw new VpnError('INVALID_CONFIG', `wg dump line ${i + 2} has ${f.length} fields, expected 8 (peer line).`);
    const handshake = int('latest-handshake', f[4], i + 2);
    return {
      publicKey: f[0],
      endpoint: f[2] === '(none)' ? null : f[2],
      allowedIps: f[3] === '(none)' ? [] : f[3].split(','),
      latestHandshake: handshake === 0 ? null : handshake,
      rxBytes: int('transfer-rx', f[5], i + 2),
      txBytes: int('transfer-tx', f[6], i + 2),
      persistentKeepalive: f[7] === 'off' ? null : int('persistent-keepalive', f[7], i + 2),
    };
  });
  return { publicKey: head[1], listenPort, peers };
}

/** Online = a handshake within ONLINE_HANDSHAKE_SECONDS of `nowSeconds`. */
export function isOnline(peer: Pick<WireGuardDumpPeer, 'latestHandshake'>, nowSeconds: number): boolean {
  return peer.latestHandshake !== null && nowSeconds - peer.latestHandshake <= ONLINE_HANDSHAKE_SECONDS;
}
