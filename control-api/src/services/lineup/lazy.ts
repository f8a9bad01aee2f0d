// Two tiny concurrency helpers for the lineup service.

/**
 * A value loaded on first use and dropped by invalidate(). A load that started before an
 * invalidation never overwrites the newer state. get() answers synchronously once loaded.
 */
export class Lazy<T> {
  private value: T | undefined;
  private loaded = false;
  private pending: Promise<T> | null = null;
  private epoch = 0;

  get(load: () => Promise<T>): T | Promise<T> {
    if (this.loaded) return this.value as T;
    if (this.pending) return this.pending;
    const epoch = this.epoch;
    const pending = load().then(
      (value) => {
        if (epoch === this.epoch) {
          this.value = value;
          this.loaded = true;
          this.pending = null;
        }
        return value;
      },
      (err: unknown) => {
        if (epoch === this.epoch) this.pending = null;
        throw err;
      },
    );
    this.pending = pending;
    return pending;
  }

  /** The loaded value, if any. */
  peek(): T | undefined {
    return this.loaded ? this.value : undefined;
  }

  invalidate(): void {
    this.epoch += 1;
    this.value = undefined;
    this.loaded = false;
    this.pending = null;
  }
}
