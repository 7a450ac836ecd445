import { VpnError } from '../errors';
import { formatIpv6 } from '../ip';
import { isYggdrasilPublicKey } from './keys';

/**
 * A node's Yggdrasil IPv6 address, derived from its ed25519 public key as
 * yggdrasil-go's `address.AddrForKey` does:
 *
 *   1. invert every bit of the 32-byte key;
 *   2. count the leading 1 bits (N) and drop them together with the first 0;
 *   3. address = prefix 0x02, then the byte N, then the next 112 remaining bits.
 *
 * Keys with more leading zero bits (before inversion) get numerically smaller,
 * "better" addresses. The /64 subnet a node may route is the same with prefix
 * 0x03 (`SubnetForKey`).
 */
export const YGGDRASIL_ADDRESS_PREFIX = 0x02;

function addressBytes(publicKeyHex: string): Buffer {
  if (!isYggdrasilPublicKey(publicKeyHex)) {
    throw new VpnError('INVALID_KEY', `${JSON.stringify(publicKeyHex)} is not a Yggdrasil public key (64 lower-case hex digits).`);
  }
  const inverted = Buffer.from(publicKeyHex, 'hex').map((b) => ~b & 0xff);
  const out = Buffer.alloc(16);
  out[0] = YGGDRASIL_ADDRESS_PREFIX;
  let ones = 0;
  let done = false;
  let bits = 0;
  let nBits = 0;
  let outIndex = 2;
  for (let i = 0; i < inverted.length * 8 && outIndex < 16; i++) {
    const bit = (inverted[i >> 3] >> (7 - (i & 7))) & 1;
    if (!done && bit === 1) {
      ones++;
      continue;
    }
    if (!done) {
      done = true;
      continue;
    }
    bits = (bits << 1) | bit;
    if (++nBits === 8) {
      out[outIndex++] = bits;
      bits = 0;
      nBits = 0;
    }
  }
  out[1] = ones & 0xff;
  return out;
}

function toIpv6(bytes: Buffer): string {
  return formatIpv6(BigInt(`0x${bytes.toString('hex')}`));
}

/** The node address (in 200::/8), e.g. "200:848a:604f:bb7e:4384:65db:8db6:6895". */
export function yggdrasilAddress(publicKeyHex: string): string {
  return toIpv6(addressBytes(publicKeyHex));
}

/** The node's routed /64 (in 300::/8), e.g. "300:848a:604f:bb7e::/64". */
export function yggdrasilSubnet(publicKeyHex: string): string {
  const bytes = addressBytes(publicKeyHex);
  bytes[0] |= 0x01;
  bytes.fill(0, 8);
  return `${toIpv6(bytes)}/64`;
}
