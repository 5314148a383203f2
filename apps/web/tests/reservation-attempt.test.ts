import { attemptKeyFor, settleAttempt, type ReserveDecision } from "../src/reservation-attempt";

/** A tab's sessionStorage, as the browser keeps it: text by key. */
function tabStorage(): Pick<Storage, "getItem" | "setItem" | "removeItem"> {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

describe("attemptKeyFor", () => {
  const decision: ReserveDecision = { userId: "ann", eventId: "e1", quantity: 2, admissionToken: "adm-1" };

  test("gives the same key to the same decision sent again before an answer", () => {
    const storage = tabStorage();
    expect(attemptKeyFor({ ...decision }, storage)).toBe(attemptKeyFor({ ...decision }, storage));
  });

  test.each([
    ["another quantity", { quantity: 3 }],
    ["another admission", { admissionToken: "adm-2" }],
    ["no admission", { admissionToken: undefined }],
    ["another event", { eventId: "e2" }],
    ["another buyer", { userId: "bob" }],
  ])("gives a new key for %s", (_, change) => {
    const storage = tabStorage();
    const first = attemptKeyFor(decision, storage);
    expect(attemptKeyFor({ ...decision, ...change }, storage)).not.toBe(first);
  });

  test("gives a new key once the API has answered the decision", () => {
    const storage = tabStorage();
    const first = attemptKeyFor(decision, storage);
    settleAttempt(decision, storage);
    expect(attemptKeyFor(decision, storage)).not.toBe(first);
  });

  test("starts afresh over a kept value it cannot read", () => {
    const storage = tabStorage();
    storage.setItem("ticketing.reserve.ann.e1", "{not json");
    const key = attemptKeyFor(decision, storage);
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    expect(attemptKeyFor(decision, storage)).toBe(key);
  });
});
