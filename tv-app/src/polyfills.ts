// Imported first by index.ts: the runtime APIs the oldest TV engines lack exist before any library
// module of the bundle runs (see lib/engine-polyfills.ts).
import { installEnginePolyfills, type PolyfillTarget } from './lib/engine-polyfills.js';

installEnginePolyfills(self as unknown as PolyfillTarget);
