// Scale-out: with a Redis URL, Aedes shares messages (mqemitter-redis) and retained state and
// sessions (aedes-persistence-redis) with every other node on the same Redis.
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
  const mq: unknown = mqemitterRedis({ connectionString: url });
  const persistence = persistenceRedis(options) as RedisBacking['persistence'];
  return { mq, persistence };
}
