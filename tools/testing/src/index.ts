export { ServerStartError, ServerUnavailableError } from "./errors.js";
export { findBinary } from "./binaries.js";
export { probeContainerRuntime, type ContainerProbe } from "./containers.js";
export { freePort, isListening, waitUntil } from "./ports.js";
export { startTcpProxy, type PartitionMode, type TcpProxy } from "./tcp-proxy.js";
export type { ServerSource, ServerSourceOptions, SourcedServer } from "./server-source.js";
export type { OwnedServer } from "./server-process.js";
export {
  redisServer,
  startRedis,
  startRedisCluster,
  startRedisNodes,
  uniquePrefix,
  type OwnedRedis,
  type RedisCluster,
  type RedisServer,
  type StartRedisOptions,
} from "./redis.js";
export {
  mysqlServer,
  startMysql,
  testDatabase,
  type MysqlServer,
  type OwnedMysql,
  type TestDatabase,
} from "./mysql.js";
export { issueServerCertificate, type ServerCertificate } from "./certificates.js";
