/**
 * What went wrong, as a code the API maps to an HTTP status and a sentence a
 * person can act on. Every error the library throws on bad input is a VpnError.
 */
export type VpnErrorCode =
  | 'INVALID_ADDRESS'
  | 'INVALID_RANGE'
  | 'RANGE_FULL'
  | 'POOL_FULL'
  | 'INVALID_NETWORK'
  | 'UNKNOWN_PEER'
  | 'INVALID_CONFIG'
  | 'INVALID_KEY'
  | 'INVALID_RULE';

export class VpnError extends Error {
  constructor(
    readonly code: VpnErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'VpnError';
  }
}
