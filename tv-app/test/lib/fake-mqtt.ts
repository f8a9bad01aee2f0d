// An mqtt.js client stand-in: records subscriptions and publishes; the test drives connect,
// offline and incoming messages.
import { EventEmitter } from 'node:events';
import type { MqttClientLike } from '../../src/lib/net/broker-session.js';

export class FakeMqtt extends EventEmitter implements MqttClientLike {
  options: { reconnectPeriod?: number } = {};
  connected = false;
  subscribed: string[] = [];
  unsubscribed: string[] = [];
  published: Array<{ topic: string; message: string }> = [];
  /** Topics published with the retain flag, in order. */
  retained: string[] = [];
  ended = false;
  subscribe(topic: string | string[]) {
    this.subscribed.push(...(Array.isArray(topic) ? topic : [topic]));
  }
  unsubscribe(topic: string | string[]) {
    this.unsubscribed.push(...(Array.isArray(topic) ? topic : [topic]));
  }
  publish(topic: string, message: string, opts?: { retain: boolean }) {
    this.published.push({ topic, message });
    if (opts?.retain) this.retained.push(topic);
  }
  end() {
    this.ended = true;
    this.connected = false;
  }
  up() {
    this.connected = true;
    this.emit('connect');
  }
  down() {
    this.connected = false;
    this.emit('offline');
  }
  deliver(topic: string, payload: object | string) {
    this.emit('message', topic, new TextEncoder().encode(typeof payload === 'string' ? payload : JSON.stringify(payload)));
  }
}
