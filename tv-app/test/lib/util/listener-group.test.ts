import { EventEmitter } from 'node:events';
import { expect } from 'chai';
import { ListenerGroup, type FrameScheduler } from '../../../src/lib/util/listener-group.js';

class Target {
  private emitter = new EventEmitter();
  addEventListener(type: string, h: EventListener) {
    this.emitter.on(type, h);
  }
  removeEventListener(type: string, h: EventListener) {
    this.emitter.off(type, h);
  }
  emit(type: string) {
    this.emitter.emit(type, { type });
  }
  count(type: string) {
    return this.emitter.listenerCount(type);
  }
}

describe('lib/listener-group', () => {
  it('removes exactly the listeners it added, leaving others in place', () => {
    const target = new Target();
    const outside = () => {};
    target.addEventListener('playing', outside);
    const group = new ListenerGroup('tune');
    let calls = 0;
    group.on(target, 'playing', () => calls++);
    group.on(target, 'waiting', () => calls++);
    target.emit('playing');
    expect(calls).to.equal(1);
    group.dispose();
    target.emit('playing');
    target.emit('waiting');
    expect(calls).to.equal(1);
    expect(target.count('playing')).to.equal(1);
    expect(target.count('waiting')).to.equal(0);
  });

  it('clears its timers and stops its frame loop', async () => {
    const group = new ListenerGroup('tune');
    let fired = 0;
    group.timeout(() => fired++, 5);
    group.interval(() => fired++, 5);
    let frames = 0;
    const queue: Array<(t: number) => void> = [];
    const scheduler: FrameScheduler = {
      requestAnimationFrame: (fn) => queue.push(fn),
      cancelAnimationFrame: () => {},
    };
    group.everyFrame(scheduler, () => frames++);
    queue.shift()?.(16);
    queue.shift()?.(32);
    expect(frames).to.equal(2);
    group.dispose();
    queue.shift()?.(48);
    await new Promise((r) => setTimeout(r, 20));
    expect(fired).to.equal(0);
    expect(frames).to.equal(2);
  });

  it('disposes in reverse order, survives a failing teardown, and runs late additions at once', () => {
    const group = new ListenerGroup('x');
    const order: number[] = [];
    group.add(() => order.push(1));
    group.add(() => {
      throw new Error('boom');
    });
    group.add(() => order.push(3));
    group.dispose();
    group.dispose();
    expect(order).to.deep.equal([3, 1]);
    group.add(() => order.push(4));
    expect(order).to.deep.equal([3, 1, 4]);
    expect(group.isDisposed).to.equal(true);
  });
});
