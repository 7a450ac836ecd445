import { forbidden, invalid } from '../common/errors/domain-error';
import type { SecretBox } from '../services/secrets/secret-box';

/** The forms the network's CA certificate is offered in (pki.controller.ts). */
export const CA_FORMATS = ['pem', 'crt', 'mobileconfig'] as const;
export type CaFormat = (typeof CA_FORMATS)[number];

/** How long a signed link (the QR code for a phone) opens the download: a day. */
export const CA_LINK_SECONDS = 24 * 3600;
const PURPOSE = 'ca-link';

/** The member's download links: they need the member's session. */
export function caLinks(networkId: string): Record<CaFormat, string> {
  const base = `/api/networks/${networkId}/ca`;
  return { pem: `${base}.pem`, crt: `${base}.crt`, mobileconfig: `${base}.mobileconfig` };
}

/**
 * Links that open the download without a session, until `expires` (unix
 * seconds): what a QR code carries to a phone that is not signed in to the
 * panel. The CA certificate is no secret, but the link names a network, so
 * it is signed (a MAC with a key derived from the panel's master key) and
 * expires.
 */
export function signedCaLinks(box: SecretBox, networkId: string, now: Date = new Date()): Record<CaFormat, string> {
  const expires = Math.floor(now.getTime() / 1000) + CA_LINK_SECONDS;
  const link = (format: CaFormat) =>
    `/api/ca/${networkId}/${format}?expires=${expires}&signature=${box.mac(PURPOSE, `${networkId}/${format}/${expires}`)}`;
  return { pem: link('pem'), crt: link('crt'), mobileconfig: link('mobileconfig') };
}

/** The format named in a signed link's path, or a 400 naming the three. */
export function caFormat(text: string): CaFormat {
  if ((CA_FORMATS as readonly string[]).includes(text)) return text as CaFormat;
  throw invalid('format', `must be one of ${CA_FORMATS.join(', ')}.`);
}

/** Throws a 403 with what to do unless the link was signed by this panel for exactly this download and has not expired. */
export function checkSignedCaLink(
  box: SecretBox,
  networkId: string,
  format: CaFormat,
  expires: string | undefined,
  signature: string | undefined,
  now: Date = new Date(),
): void {
  const seconds = Number(expires);
  if (!expires || !/^\d{1,12}$/.test(expires) || !signature || !box.verifyMac(PURPOSE, `${networkId}/${format}/${seconds}`, signature)) {
    throw forbidden(
      'This download link is not valid: open your home page in the panel and scan the code or use the download button there.',
    );
  }
  if (seconds * 1000 < now.getTime()) {
    throw forbidden(
      'This download link has expired (links in QR codes work for a day): open your home page in the panel again for a new code.',
    );
  }
}
