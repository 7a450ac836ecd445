/**
 * Files and images the mesh pages hand to the browser. QR codes arrive as SVG
 * text: they are shown through `<img src="data:…">` (an image cannot run
 * script, and the panel's CSP allows `data:` images), never inserted as markup.
 */

export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/**
 * A config file name wg-quick and the WireGuard apps accept: the tunnel takes
 * its interface name from it, at most 15 of [a-zA-Z0-9_=+.-].
 */
export function confFileName(name: string): string {
  const safe = name.replace(/[^a-zA-Z0-9_=+.-]/g, '-').slice(0, 15) || 'clan';
  return `${safe}.conf`;
}

/** File name extensions of the layers' config forms (MeshLayerDto.configFormats). */
const FORMAT_EXTENSIONS: Readonly<Record<string, string>> = { 'wg-quick': 'conf', syncconf: 'conf', json: 'json' };

/** The file name for a device's config in `format` (default: a wg-quick `.conf`, see confFileName). */
export function configFileName(name: string, format = 'wg-quick'): string {
  const extension = Object.hasOwn(FORMAT_EXTENSIONS, format) ? FORMAT_EXTENSIONS[format] : 'txt';
  return extension === 'conf' ? confFileName(name) : `${name.replace(/[^a-zA-Z0-9_=+.-]/g, '-') || 'clan'}.${extension}`;
}

/** Saves text as a file through a temporary object URL (a download, not an image: CSP img-src does not apply). */
export function downloadText(doc: Document, fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const a = doc.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  doc.body.appendChild(a);
  a.click();
  a.remove();
  // Give the browser a moment to start the download before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
