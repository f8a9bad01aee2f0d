// SVG to PNG through Debian's headless Chromium (playwright-core, no browser download): the chart
// is set as the page content and screenshotted at its own size.
import { writeFile } from 'node:fs/promises';
import { chromium, type Browser } from 'playwright-core';

export const RASTERIZE_DEFAULTS = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required',
  ],
  launchTimeoutMs: 30_000, // milliseconds
  scale: 1, // device pixels per SVG pixel
};

export interface SvgImage {
  svg: string;
  width: number; // px, as in the SVG
  height: number; // px
  path: string; // where the PNG goes
}

export interface RasterizeOptions {
  executablePath?: string;
  scale?: number;
}

/** Renders each SVG to a PNG file with one browser; returns the paths written. */
export async function rasterizeSvgs(images: readonly SvgImage[], options: RasterizeOptions = {}): Promise<string[]> {
  if (images.length === 0) return [];
  const browser: Browser = await chromium.launch({
    executablePath: options.executablePath ?? RASTERIZE_DEFAULTS.executablePath,
    args: RASTERIZE_DEFAULTS.args,
    timeout: RASTERIZE_DEFAULTS.launchTimeoutMs,
  });
  try {
    const written: string[] = [];
    for (const image of images) {
      const context = await browser.newContext({
        viewport: { width: Math.ceil(image.width), height: Math.ceil(image.height) },
        deviceScaleFactor: options.scale ?? RASTERIZE_DEFAULTS.scale,
      });
      try {
        const page = await context.newPage();
        await page.setContent(`<!doctype html><html><body style="margin:0;background:#fff">${image.svg}</body></html>`);
        const png = await page.screenshot({ type: 'png', clip: { x: 0, y: 0, width: image.width, height: image.height } });
        await writeFile(image.path, png);
        written.push(image.path);
      } finally {
        await context.close();
      }
    }
    return written;
  } finally {
    await browser.close();
  }
}
