export async function chaosCommand(_values: Record<string, unknown>): Promise<number> {
  console.error("chaos: not implemented yet");
  return 1;
}
