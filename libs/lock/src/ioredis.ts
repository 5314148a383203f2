export { fromIoredis, type IoredisClient, type IoredisLockClient } from "./ioredis/from-ioredis.js";
