import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { advertisedThumbprints, hasKeys, jwkThumbprint } from './tang-keys';

// A signing key made by tangd-keygen (public members only); its file was named by this thumbprint,
// and `jose jwk thp -a S256` prints the same.
const SIGNING_KEY = {
  kty: 'EC',
  crv: 'P-521',
  x: 'AEawhw0OsWKUl5amaWAd9ftV-XnzFE7Nm6QgLaSDzpzr095U9cRS9AwJOugXEceWvlTvNDBraW7MqSI2eY281pcg',
  y: 'AFvM4TOXaaA2LWE9lcgChDnMV5d_he8H0Z8U5ctzehfvPaZsQKW4QllXuMLAeAAkDIE5zt5NC8QJqkPubR41JErz',
  key_ops: ['sign', 'verify'],
  alg: 'ES512',
};
const THUMBPRINT = '7w2e4ZucQTe_uOZWPE4E__wgtKOnkTpMCzQEQOaNuJQ';

describe('tang keys', () => {
  it('computes the RFC 7638 thumbprint tangd-keygen names the key by', () => {
    expect(jwkThumbprint(SIGNING_KEY)).toBe(THUMBPRINT);
  });

  it('lists only advertised signing keys: not exchange keys, not rotated-out (hidden) ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tang-keys-'));
    try {
      expect(await hasKeys(dir)).toBe(false);
      writeFileSync(join(dir, `.${THUMBPRINT}.jwk`), JSON.stringify(SIGNING_KEY));
      expect(await hasKeys(dir)).toBe(false);
      writeFileSync(join(dir, `${THUMBPRINT}.jwk`), JSON.stringify(SIGNING_KEY));
      writeFileSync(join(dir, 'exchange.jwk'), JSON.stringify({ ...SIGNING_KEY, key_ops: ['deriveKey'], alg: 'ECMR', x: 'AA', y: 'AA' }));
      expect(await hasKeys(dir)).toBe(true);
      expect(await advertisedThumbprints(dir)).toEqual([THUMBPRINT]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
