/**
 * localStorage or sessionStorage, or a stand-in that remembers nothing when the browser refuses storage (some private
 * modes throw on access).
 */
export function browserStorage(
  kind: "local" | "session",
): Pick<Storage, "getItem" | "setItem" | "removeItem"> {
  try {
    const storage = kind === "local" ? localStorage : sessionStorage;
    storage.getItem("probe");
    return storage;
  } catch {
    return { getItem: () => null, setItem: () => {}, removeItem: () => {} };
  }
}
