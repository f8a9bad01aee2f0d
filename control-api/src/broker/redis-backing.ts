// Scale-out: with a Redis URL, Aedes shares messages (mqemitter-redis) and retained state and
// sessions (aedes-persistence-redis) with every other node on the same Redis.
import { Redis } from 'ioredis';
import mqemitterRedis from 'mqemitter-redis';
import persistenceRedis from 'aedes-persistence-redis';

export interface RedisBacking {
  mq: unknown;
  persistence: { destroy(): Promise<void> | undefined };
}

function redisOptions(url: string): Record<string, unknown> {
  const u = new URL(url);
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new Error(`unsupported Redis URL scheme ${u.protocol}`);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 6379,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    db: Number.isInteger(db) ? db : 0,
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

export function createRedisBacking(url: string): RedisBacking {
  const options = redisOptions(url);
  // The message connections are made here: ioredis 5.8+ may write its handshake (CLIENT SETINFO, the
  // INFO ready check) after a queued (p)subscribe has put the connection in subscriber mode, which
  // Redis refuses ("Connection in subscriber mode, only subscriber commands may be used"; ioredis
  // issue 2037): the subscriber connection sends no client info and no ready check.
  const mq: unknown = mqemitterRedis({
    subConn: new Redis({ ...options, disableClientInfo: true, enableReadyCheck: false }),
    pubConn: new Redis({ ...options, enableAutoPipelining: true }),
  });
  const persistence = persistenceRedis(options) as RedisBacking['persistence'];
  return { mq, persistence };
}
