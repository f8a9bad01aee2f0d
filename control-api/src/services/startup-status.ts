// What the process is still doing after it started listening (the first start's demo lineup and TV
// app build), for /health and the waiting screens. One object, made by main.ts and passed in.
import { Type, type Static } from '@sinclair/typebox';

export const DemoProgress = Type.Object({
  /** preparing: being made; retrying: the last try failed, the next pipeline pass tries again; ready: on air. */
  state: Type.Union([Type.Literal('preparing'), Type.Literal('retrying'), Type.Literal('ready')]),
  /** Demo channels packaged so far, of `total`. */
  done: Type.Integer({ minimum: 0 }),
  total: Type.Integer({ minimum: 0 }),
  error: Type.Union([Type.String(), Type.Null()]),
});
export type DemoProgress = Static<typeof DemoProgress>;

export const TvAppBuild = Type.Object({
  state: Type.Union([Type.Literal('building'), Type.Literal('ready'), Type.Literal('failed')]),
  error: Type.Union([Type.String(), Type.Null()]),
});
export type TvAppBuild = Static<typeof TvAppBuild>;

export const StartupSnapshot = Type.Object({
  /** null: no demo lineup is being made by this process. */
  demo: Type.Union([DemoProgress, Type.Null()]),
  tvApp: TvAppBuild,
});
export type StartupSnapshot = Static<typeof StartupSnapshot>;

export class StartupStatus {
  private snapshot: StartupSnapshot = { demo: null, tvApp: { state: 'building', error: null } };

  get(): StartupSnapshot {
    return this.snapshot;
  }

  setDemo(demo: DemoProgress): void {
    this.snapshot = { ...this.snapshot, demo: { state: demo.state, done: demo.done, total: demo.total, error: demo.error } };
  }

  setTvApp(tvApp: TvAppBuild): void {
    this.snapshot = { ...this.snapshot, tvApp };
  }
}
