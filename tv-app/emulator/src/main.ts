// Entry of the emulator page bundle (served at /emulator/emulator.js).
import { startEmulator } from './emulator-app.js';

async function loadKeyMap(): Promise<Record<string, unknown>> {
  // The TV app's own settings, as the TV app receives them.
  const res = await fetch('/settings.json', { cache: 'no-cache' });
  if (!res.ok) throw new Error(`settings.json: ${res.status}`);
  const body = (await res.json()) as { appSettings?: { keys?: Record<string, unknown> } };
  return body.appSettings?.keys ?? {};
}

void startEmulator({ window, loadKeyMap }).catch((err: unknown) => {
  const box = document.getElementById('emulator') ?? document.body;
  box.textContent = `The emulator could not start: ${err instanceof Error ? err.message : String(err)}`;
});
