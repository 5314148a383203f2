import { cpus, totalmem } from "node:os";
import { createClient } from "@redis/client";
import { createConnection } from "mysql2/promise";

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  redis: string;
  mariadb: string;
  date: string;
}

/** Facts about the machine and the servers the benches ran against, asked of the servers themselves. */
export async function machineInfo(urls: { redisUrl: string; mysqlUrl: string }): Promise<MachineInfo> {
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() ?? "unknown",
    cores: list.length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    redis: await redisVersion(urls.redisUrl),
    mariadb: await mysqlVersion(urls.mysqlUrl),
    date: new Date().toISOString(),
  };
}

async function redisVersion(url: string): Promise<string> {
  const client = createClient({ url, socket: { connectTimeout: 3000, reconnectStrategy: false } });
  client.on("error", () => {});
  try {
    await client.connect();
    const info = await client.info("server");
    return /redis_version:(\S+)/.exec(info)?.[1] ?? "unknown";
  } catch (error) {
    return `unreachable (${(error as Error).message})`;
  } finally {
    if (client.isOpen) client.destroy();
  }
}

async function mysqlVersion(url: string): Promise<string> {
  try {
    const connection = await createConnection({ uri: url, connectTimeout: 3000 });
    try {
      const [rows] = await connection.query("SELECT VERSION() AS version");
      return String((rows as { version: string }[])[0]?.version ?? "unknown");
    } finally {
      await connection.end();
    }
  } catch (error) {
    return `unreachable (${(error as Error).message})`;
  }
}
