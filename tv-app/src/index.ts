// Entry point: the Lightning CLI bundles this file; startApp.js calls the default export with the
// settings.json it serves. The 1920x1080 stage is scaled to fit the window, and the stage is
// transparent so the <video> under the canvas shows through.
import './polyfills.js'; // first: before any library module runs
import { Launch, Lightning, type PlatformSettings } from '@lightningjs/sdk';
import App from './App.js';
import { markBoot } from './lib/util/boot-marks.js';

const STAGE = { w: 1920, h: 1080 }; // stage pixels

/** The largest 16:9 box that fits the window, in CSS pixels. */
export function fitStage(innerWidth: number, innerHeight: number): { width: number; height: number } {
  const scale = Math.min(innerWidth / STAGE.w, innerHeight / STAGE.h);
  return { width: Math.round(STAGE.w * scale), height: Math.round(STAGE.h * scale) };
}

export default function (appSettings: Lightning.Application.Options, platformSettings: PlatformSettings, appData: unknown) {
  markBoot('launch');
  const { width, height } = fitStage(window.innerWidth, window.innerHeight);
  // Around the 16:9 stage the screen is black (a browser's default page background is white).
  document.body.style.backgroundColor = '#000';
  const stage = { ...appSettings.stage, clearColor: 0x00000000 };
  // width/height are read by the SDK's Application (precision = width / 1920) but not in its types.
  const platform: PlatformSettings & { width: number; height: number } = { ...platformSettings, width, height };
  return Launch(App, { ...appSettings, stage }, platform, appData === undefined ? undefined : { appData });
}
