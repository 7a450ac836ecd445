import { Component, signal } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { flush } from '../../../testing/fake-api';
import { CA_PLATFORMS, caSteps, detectCaPlatform } from './ca-platforms';
import type { HomeCaView } from './home.api';
import { CA_QR_SVG, NetworkCa } from './network-ca';

const NET = '11111111-1111-4111-8111-111111111111';
const CA: HomeCaView = {
  pem: `/api/networks/${NET}/ca.pem`,
  crt: `/api/networks/${NET}/ca.crt`,
  mobileconfig: `/api/networks/${NET}/ca.mobileconfig`,
  signed: {
    pem: `/api/ca/${NET}/pem?expires=1796688000&signature=sig-pem`,
    crt: `/api/ca/${NET}/crt?expires=1796688000&signature=sig-crt`,
    mobileconfig: `/api/ca/${NET}/mobileconfig?expires=1796688000&signature=sig-mobileconfig`,
  },
};

const UA = {
  iphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  ipadDesktop: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  android: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36',
  windows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
  mac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:127.0) Gecko/20100101 Firefox/127.0',
  linux: 'Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0',
};

describe('detectCaPlatform', () => {
  it("picks the visitor's platform from the user agent", () => {
    expect(detectCaPlatform(UA.iphone)).toBe('ios');
    expect(detectCaPlatform(UA.android)).toBe('android');
    expect(detectCaPlatform(UA.windows)).toBe('windows');
    expect(detectCaPlatform(UA.mac)).toBe('macos');
    expect(detectCaPlatform(UA.linux)).toBe('linux');
    expect(detectCaPlatform('')).toBe('linux');
  });

  it('tells an iPad asking for desktop pages from a Mac by its touch screen', () => {
    expect(detectCaPlatform(UA.ipadDesktop, 5)).toBe('ios');
    expect(detectCaPlatform(UA.ipadDesktop, 0)).toBe('macos');
  });
});

describe('caSteps', () => {
  it("fills in the network's file names and names", () => {
    const linux = CA_PLATFORMS.find((g) => g.platform === 'linux');
    const ios = CA_PLATFORMS.find((g) => g.platform === 'ios');
    if (!linux || !ios) throw new Error('a platform is missing');
    const [debian, firefox] = caSteps(linux, 'family');
    expect(debian.command).toBe(
      'sudo cp family-clan-ca.pem /usr/local/share/ca-certificates/family-clan-ca.crt && sudo update-ca-certificates',
    );
    expect(firefox.text).toContain('pick family-clan-ca.pem');
    expect(caSteps(ios, 'family').map((s) => s.text)).toContain(
      'Then Settings → General → About → Certificate Trust Settings, and turn on “cLAN family network CA”.',
    );
    expect(JSON.stringify(CA_PLATFORMS.flatMap((g) => caSteps(g, 'family')))).not.toMatch(/\{(file|name|network)\}/);
  });
});

@Component({
  imports: [NetworkCa],
  template: `<clan-network-ca [network]="network()" [ca]="ca" />`,
})
class Host {
  readonly network = signal('family');
  readonly ca = CA;
}

describe('NetworkCa', () => {
  let fixture: ComponentFixture<Host>;
  let qrTexts: string[];
  let qrAnswer: () => Promise<string>;
  const el = () => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string) => el().querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const guide = () => byTestId('ca-guide-family') as HTMLElement;

  async function render(userAgent?: string): Promise<void> {
    if (userAgent) vi.spyOn(window.navigator, 'userAgent', 'get').mockReturnValue(userAgent);
    qrTexts = [];
    qrAnswer = () => Promise.resolve('<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0h1v1H0z"/></svg>');
    TestBed.configureTestingModule({
      imports: [Host],
      providers: [
        {
          provide: CA_QR_SVG,
          useValue: (text: string) => {
            qrTexts.push(text);
            return qrAnswer();
          },
        },
      ],
    });
    fixture = TestBed.createComponent(Host);
    await flush();
    await fixture.whenStable();
  }

  async function pick(platform: string): Promise<void> {
    byTestId(`ca-platform-${platform}`)?.click();
    await flush();
    await fixture.whenStable();
  }

  afterEach(() => vi.restoreAllMocks());

  it('says why, preselects the visitor’s platform and offers its download with the steps', async () => {
    await render(UA.windows);
    expect(el().textContent).toContain("Install the network's certificate");
    expect(el().textContent).toContain("So your browser trusts family's own addresses");
    expect(byTestId('ca-platform-windows')?.getAttribute('aria-pressed')).toBe('true');
    expect(byTestId('ca-platform-linux')?.getAttribute('aria-pressed')).toBe('false');
    expect(guide().getAttribute('data-platform')).toBe('windows');
    const download = byTestId('ca-download') as HTMLAnchorElement;
    expect(download.getAttribute('href')).toBe(CA.crt);
    expect(download.hasAttribute('download')).toBe(true);
    expect(guide().textContent).toContain('Trusted Root Certification Authorities');
    expect(guide().textContent).toContain('Open the downloaded family-clan-ca.crt');
    // A computer's guide has no QR code, and nothing loaded the QR maker.
    expect(byTestId('ca-qr')).toBeNull();
    expect(qrTexts).toEqual([]);
  });

  it('links all three files by name', async () => {
    await render(UA.linux);
    const files = ['crt', 'pem', 'mobileconfig'].map((f) => byTestId(`ca-file-${f}`) as HTMLAnchorElement);
    expect(files.map((a) => a.getAttribute('href'))).toEqual([CA.crt, CA.pem, CA.mobileconfig]);
    expect(files.map((a) => a.textContent?.trim())).toEqual(['family-clan-ca.crt', 'family-clan-ca.pem', 'family-clan-ca.mobileconfig']);
    expect(files.every((a) => a.hasAttribute('download'))).toBe(true);
  });

  it('shows the Linux command and the Firefox steps', async () => {
    await render(UA.linux);
    expect(guide().getAttribute('data-platform')).toBe('linux');
    expect((byTestId('ca-download') as HTMLAnchorElement).getAttribute('href')).toBe(CA.pem);
    expect(byTestId('ca-command')?.textContent).toContain('sudo update-ca-certificates');
    expect(guide().textContent).toContain('Trust this CA to identify websites');
  });

  it("on a computer, a phone's steps carry a QR code of the download's absolute address", async () => {
    await render(UA.mac);
    expect(guide().getAttribute('data-platform')).toBe('macos');
    expect((byTestId('ca-download') as HTMLAnchorElement).getAttribute('href')).toBe(CA.mobileconfig);
    await pick('ios');
    expect(byTestId('ca-platform-ios')?.getAttribute('aria-pressed')).toBe('true');
    expect(guide().textContent).toContain('Settings → General → About → Certificate Trust Settings');
    expect(qrTexts).toEqual([`${window.location.origin}${CA.signed.mobileconfig}`]);
    expect(qrTexts[0]).toMatch(/^https?:\/\//);
    const img = byTestId('ca-qr') as HTMLImageElement;
    expect(img.getAttribute('src')).toMatch(/^data:image\/svg\+xml;charset=utf-8,%3Csvg/);
    expect(img.getAttribute('alt')).toBe('QR code of the link to family-clan-ca.mobileconfig');

    await pick('android');
    expect(qrTexts[1]).toBe(`${window.location.origin}${CA.signed.crt}`);
    expect(guide().textContent).toContain('Install a certificate → CA certificate');

    await pick('windows');
    expect(byTestId('ca-qr')).toBeNull();
    expect(qrTexts).toHaveLength(2);
  });

  it('on the phone itself, the steps come without a QR code', async () => {
    await render(UA.iphone);
    expect(guide().getAttribute('data-platform')).toBe('ios');
    expect(byTestId('ca-qr')).toBeNull();
    await pick('android');
    expect(byTestId('ca-qr')).toBeNull();
    expect(qrTexts).toEqual([]);
  });

  it('says so when the QR code cannot be made', async () => {
    await render(UA.windows);
    qrAnswer = () => Promise.reject(new Error('chunk failed to load'));
    await pick('android');
    expect(byTestId('ca-qr')).toBeNull();
    expect(byTestId('ca-qr-failed')?.textContent).toContain('open this page on the phone instead');
  });
});

describe('CA_QR_SVG', () => {
  it('loads qrcode on demand and makes an SVG of the text', async () => {
    TestBed.configureTestingModule({});
    const svg = await TestBed.inject(CA_QR_SVG)('https://panel.example/api/networks/x/ca.mobileconfig');
    expect(svg).toMatch(/^<svg[^>]*viewBox="0 0 \d+ \d+"/);
    expect(svg).toContain('<path');
  });
});
