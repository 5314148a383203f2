import { open, rename } from "node:fs/promises";
import { dirname } from "node:path";

/**
 * The embedded database file after a commit: written to a temporary file, fsynced, renamed over the old one, so a
 * crash leaves either the previous or the new state, never a torn file, and a resolved commit is on disk.
 */
export async function writeDurably(file: string, data: Uint8Array): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  const handle = await open(temporary, "w");
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
  const directory = await open(dirname(file), "r");
  try {
    await directory.sync();
  } catch {
    // Some platforms cannot fsync a directory; the rename itself is still atomic.
  } finally {
    await directory.close();
  }
}
