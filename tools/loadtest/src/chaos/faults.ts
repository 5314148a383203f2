import { createConnection } from "mysql2/promise";

/**
 * KILL CONNECTION for every connection to `database` except our own: what a database failover or a network cut
 * does to the app's pool. Returns how many were killed.
 */
export async function killDatabaseConnections(serverUrl: string, database: string): Promise<number> {
  const admin = await createConnection(serverUrl);
  try {
    const [rows] = await admin.query(
      "SELECT ID AS id FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID()",
      [database],
    );
    let killed = 0;
    for (const { id } of rows as { id: number }[]) {
      try {
        await admin.query(`KILL CONNECTION ${Number(id)}`);
        killed += 1;
      } catch {
        // gone already
      }
    }
    return killed;
  } finally {
    await admin.end();
  }
}
