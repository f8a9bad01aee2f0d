// Listeners, timers and frame callbacks grouped by lifetime: whoever sets something up in a group
// tears down exactly that by disposing the group (a channel change disposes the tune's group).

export interface EventTargetLike {
  addEventListener(type: string, handler: EventListener): void;
  removeEventListener(type: string, handler: EventListener): void;
}

export interface FrameScheduler {
  requestAnimationFrame(fn: (time: number) => void): number;
  cancelAnimationFrame(handle: number): void;
}

export class ListenerGroup {
  private disposers: Array<() => void> = [];
  private disposed = false;

  constructor(readonly name: string) {}

  get isDisposed(): boolean {
    return this.disposed;
  }

  get size(): number {
    return this.disposers.length;
  }

  /** Adds a teardown; if the group is already disposed it runs at once. */
  add(dispose: () => void): void {
    if (this.disposed) {
      dispose();
      return;
    }
    this.disposers.push(dispose);
  }

  on<E extends Event>(target: EventTargetLike, type: string, handler: (event: E) => void): void {
    const h = handler as EventListener;
    target.addEventListener(type, h);
    this.add(() => target.removeEventListener(type, h));
  }

  timeout(fn: () => void, ms: number): void {
    const handle = setTimeout(fn, ms);
    this.add(() => clearTimeout(handle));
  }

  interval(fn: () => void, ms: number): void {
    const handle = setInterval(fn, ms);
    this.add(() => clearInterval(handle));
  }

  /** Calls fn on every animation frame until the group is disposed. */
  everyFrame(scheduler: FrameScheduler, fn: (time: number) => void): void {
    let handle = 0;
    let live = true;
    const tick = (time: number) => {
      if (!live) return;
      fn(time);
      if (live) handle = scheduler.requestAnimationFrame(tick);
    };
    handle = scheduler.requestAnimationFrame(tick);
    this.add(() => {
      live = false;
      scheduler.cancelAnimationFrame(handle);
    });
  }

  /** Tears down everything in reverse order of set-up. Safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const list = this.disposers.reverse();
    this.disposers = [];
    for (const d of list) {
      try {
        d();
      } catch {
        // A failing teardown must not keep the others from running.
      }
    }
  }
}
