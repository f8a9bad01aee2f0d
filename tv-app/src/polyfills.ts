// Imported first by index.ts: the runtime APIs the oldest TV engines lack exist before any library
// module of the bundle runs (see lib/util/engine-polyfills.ts).
// `?apis=chromium68` (the emulator's Chromium 68 profile) first withdraws what that engine lacks.
import { CHROMIUM68_WITHDRAWN, installEnginePolyfills, withdrawForEmulation, type PolyfillTarget } from './lib/util/engine-polyfills.js';

const target = self as unknown as PolyfillTarget;
if (new URLSearchParams(self.location.search).get('apis') === 'chromium68') withdrawForEmulation(target, CHROMIUM68_WITHDRAWN);
installEnginePolyfills(target);
