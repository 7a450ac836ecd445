/**
 * How a member installs a network's certificate authority on each kind of
 * device (docs/https.md, "Installing the CA"): which of the three downloads
 * fits, and the steps in the device's own menu names.
 */

export type CaPlatform = 'windows' | 'macos' | 'ios' | 'android' | 'linux';
export type CaFormat = 'pem' | 'crt' | 'mobileconfig';

export interface CaPlatformGuide {
  platform: CaPlatform;
  /** The picker's label. */
  label: string;
  /** The download this platform installs. */
  format: CaFormat;
  /** A phone or tablet: the download is easier opened there, so the page offers a QR code. */
  phone: boolean;
  /** The steps after the download, in order. `{file}` stands for the downloaded file's name, `{name}` for it without extension, `{network}` for the network's name. */
  steps: CaStep[];
}

/** One step: words, and a command to type when there is one. */
export interface CaStep {
  text: string;
  command?: string;
}

export const CA_PLATFORMS: readonly CaPlatformGuide[] = [
  {
    platform: 'windows',
    label: 'Windows',
    format: 'crt',
    phone: false,
    steps: [
      { text: 'Open the downloaded {file} and choose Install Certificate….' },
      { text: 'Choose Current User, then Next.' },
      {
        text: 'Choose “Place all certificates in the following store”, Browse…, pick Trusted Root Certification Authorities, then Next and Finish, and answer Yes.',
      },
      { text: 'Restart your browser.' },
    ],
  },
  {
    platform: 'macos',
    label: 'macOS',
    format: 'mobileconfig',
    phone: false,
    steps: [
      { text: 'Open the downloaded {file}.' },
      {
        text: 'Open System Settings → Privacy & Security → Profiles (on newer macOS: General → Device Management), double-click “cLAN {network} network” and choose Install.',
      },
      { text: 'Restart your browser. Firefox keeps its own list: see “Linux / Firefox”.' },
    ],
  },
  {
    platform: 'ios',
    label: 'iPhone/iPad',
    format: 'mobileconfig',
    phone: true,
    steps: [
      { text: 'Open the download in Safari (other browsers cannot install profiles) and tap Allow.' },
      { text: 'Open Settings → Profile Downloaded → Install. It says “Not Verified”: that is expected for your network’s own profile.' },
      { text: 'Then Settings → General → About → Certificate Trust Settings, and turn on “cLAN {network} network CA”.' },
    ],
  },
  {
    platform: 'android',
    label: 'Android',
    format: 'crt',
    phone: true,
    steps: [
      { text: 'Download {file} on the phone.' },
      {
        text: 'Open Settings → Security → Encryption & credentials → Install a certificate → CA certificate, tap Install anyway and pick {file}. The menu names differ a little between phones: searching Settings for “CA certificate” finds it.',
      },
    ],
  },
  {
    platform: 'linux',
    label: 'Linux / Firefox',
    format: 'pem',
    phone: false,
    steps: [
      {
        text: 'Debian or Ubuntu: in a terminal, in the folder of the download, run',
        command: 'sudo cp {file} /usr/local/share/ca-certificates/{name}.crt && sudo update-ca-certificates',
      },
      {
        text: 'Firefox (on any computer) keeps its own list: Settings → Privacy & Security → Certificates → View Certificates… → Authorities → Import…, pick {file} and tick “Trust this CA to identify websites”.',
      },
    ],
  },
];

export const CA_FORMAT_LABELS: Readonly<Record<CaFormat, string>> = {
  crt: 'Certificate (.crt)',
  pem: 'Certificate (.pem)',
  mobileconfig: 'Apple profile (.mobileconfig)',
};

/** The file name the API gives each download (apps/api/src/pki/pki.controller.ts). */
export function caFileName(network: string, format: CaFormat): string {
  return `${network}-clan-ca.${format}`;
}

/** A guide's steps with the file names of this network filled in. */
export function caSteps(guide: CaPlatformGuide, network: string): CaStep[] {
  const fill = (words: string) =>
    words
      .replaceAll('{file}', caFileName(network, guide.format))
      .replaceAll('{name}', `${network}-clan-ca`)
      .replaceAll('{network}', network);
  return guide.steps.map((step) =>
    step.command === undefined ? { text: fill(step.text) } : { text: fill(step.text), command: fill(step.command) },
  );
}

/**
 * The visitor's platform from the browser's user agent. iPadOS asks for
 * desktop pages with a Mac user agent; its touch screen tells it apart.
 */
export function detectCaPlatform(userAgent: string, maxTouchPoints = 0): CaPlatform {
  const ua = userAgent.toLowerCase();
  if (/iphone|ipad|ipod/.test(ua)) return 'ios';
  if (ua.includes('android')) return 'android';
  if (ua.includes('windows')) return 'windows';
  if (ua.includes('macintosh') || ua.includes('mac os x')) return maxTouchPoints > 1 ? 'ios' : 'macos';
  return 'linux';
}
