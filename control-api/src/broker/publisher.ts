// How broker components publish: one function over Aedes (or a fake in unit tests).
export interface Publisher {
  /** Publishes a protocol payload as JSON, QoS 0. `retain` keeps it for late subscribers. */
  publish<T extends { v: 1 }>(topic: string, payload: T | null, options?: { retain?: boolean }): void;
}
