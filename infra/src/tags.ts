/** Resource tags: the caller's tags plus a `Name` tag, which the AWS console shows as the resource's name. */
export function nameTags(
  name: string,
  tags: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  return { ...tags, Name: name };
}
