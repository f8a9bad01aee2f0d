// aedes-persistence-redis ships no type declarations: the part the broker uses.
declare module 'aedes-persistence-redis' {
  function aedesPersistenceRedis(options?: Record<string, unknown>): { destroy(): Promise<void> | undefined };
  export default aedesPersistenceRedis;
}
