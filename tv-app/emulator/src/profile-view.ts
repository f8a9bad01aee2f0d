// Device profiles in the UI: per viewer an engine, a stage (720p/1080p), a clock skew (seconds) and
// a drift (ppm); "Apply" reloads that TV with the profile (a fresh device joining now).
import { EMULATED_ENGINES, ENGINE_LABELS, engineOf, PROFILE_LIMITS, stageOf, type DeviceProfile } from './emulator-options.js';

export interface ProfileViewOptions {
  profiles: DeviceProfile[];
  onApply: (index: number, profile: DeviceProfile) => void;
}

export function renderProfiles(doc: Document, options: ProfileViewOptions): HTMLElement {
  const root = doc.createElement('div');
  root.className = 'profiles';
  options.profiles.forEach((profile, i) => {
    const index = i + 1;
    const form = doc.createElement('form');
    form.className = 'profile';
    form.dataset.viewer = String(index);
    const label = doc.createElement('span');
    label.textContent = options.profiles.length === 1 ? 'Device' : `TV ${index}`;
    const engine = doc.createElement('select');
    engine.name = 'engine';
    for (const e of EMULATED_ENGINES) {
      const o = doc.createElement('option');
      o.value = e;
      o.textContent = ENGINE_LABELS[e];
      o.selected = profile.engine === e;
      engine.append(o);
    }
    const stage = doc.createElement('select');
    stage.name = 'stage';
    for (const h of [1080, 720]) {
      const o = doc.createElement('option');
      o.value = String(h);
      o.textContent = `${h}p`;
      o.selected = profile.stage === h;
      stage.append(o);
    }
    const input = (name: string, value: number, title: string, step: string, max: number) => {
      const el = doc.createElement('input');
      el.type = 'number';
      el.name = name;
      el.value = String(value);
      el.step = step;
      el.min = String(-max);
      el.max = String(max);
      el.title = title;
      return el;
    };
    const skew = input('skewSec', profile.clockSkewMs / 1000, 'Clock skew, seconds (+ = ahead)', '0.001', PROFILE_LIMITS.maxAbsSkewMs / 1000);
    const drift = input('driftPpm', profile.clockDriftPpm, 'Clock drift, ppm', '1', PROFILE_LIMITS.maxAbsDriftPpm);
    const apply = doc.createElement('button');
    apply.type = 'submit';
    apply.textContent = 'Apply';
    const unit = (text: string) => {
      const s = doc.createElement('small');
      s.textContent = text;
      return s;
    };
    form.append(label, engine, stage, skew, unit('s'), drift, unit('ppm'), apply);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const skewMs = Math.round(Number(skew.value) * 1000);
      const driftPpm = Number(drift.value);
      const valid = Number.isFinite(skewMs) && Math.abs(skewMs) <= PROFILE_LIMITS.maxAbsSkewMs && Number.isFinite(driftPpm) && Math.abs(driftPpm) <= PROFILE_LIMITS.maxAbsDriftPpm;
      form.classList.toggle('invalid', !valid);
      if (!valid) return;
      options.onApply(index, { ...profile, engine: engineOf(engine.value) ?? profile.engine, stage: stageOf(stage.value) ?? profile.stage, clockSkewMs: skewMs, clockDriftPpm: driftPpm });
    });
    root.append(form);
  });
  return root;
}
