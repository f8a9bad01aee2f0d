// The preflight as npm start runs it: the real machine, apt-get, the package list and the pipeline's
// media-tool check, put together from the settings and the environment.
import { readFileSync } from 'node:fs';
import type { Settings } from '../contracts/settings-schema.js';
import type { Logger } from '../contracts/logger.js';
import { aptInstaller, machineLookup } from './machine.js';
import { minimumFromEngines, runPreflight, type PreflightResult } from './preflight.js';
import { loadSystemPackages } from './system-packages.js';

export { describePreflightFailure, type PreflightResult } from './preflight.js';

const ROOT_PACKAGE_JSON = new URL('../../../package.json', import.meta.url);

export async function preflightForStart(o: {
  settings: Settings;
  env: Record<string, string | undefined>;
  /** `--api-only`: no pipeline in this process, so no media tools are needed. */
  apiOnly: boolean;
  logger: Logger;
}): Promise<PreflightResult> {
  const engines = (JSON.parse(readFileSync(ROOT_PACKAGE_JSON, 'utf8')) as { engines?: { node?: string } }).engines?.node ?? '>=0';
  const { createMediaRunner, mediaToolPaths } = await import('#pipeline/ffmpeg/runner.js');
  const { checkMediaTools } = await import('#pipeline/ffmpeg/capabilities.js');
  return runPreflight({
    packages: loadSystemPackages().run,
    nodeVersion: process.versions.node,
    minNodeVersion: minimumFromEngines(engines),
    needsMedia: !o.apiOnly && o.settings.services.pipeline.enabled,
    explicitTools: {
      ...(o.env.FFMPEG_PATH ? { ffmpeg: o.env.FFMPEG_PATH } : {}),
      ...(o.env.FFPROBE_PATH ? { ffprobe: o.env.FFPROBE_PATH } : {}),
    },
    machine: machineLookup(o.env),
    installer: aptInstaller,
    checkMediaTools: () => checkMediaTools(createMediaRunner(mediaToolPaths(o.env))),
    logger: o.logger,
  });
}
