import { clientAddress } from "../src/client-address.ts";

describe("clientAddress", () => {
  test("gives each of 100,000 buyers its own private IPv4 address", () => {
    const addresses = Array.from({ length: 100_000 }, (_, i) => clientAddress(i));
    expect(new Set(addresses).size).toBe(100_000);
    for (const address of [addresses[0], addresses[99_999]]) {
      expect(address).toMatch(/^10\.\d{1,3}\.\d{1,3}\.\d{1,3}$/);
    }
    expect(addresses[0]).toBe("10.0.0.0");
    expect(addresses[256]).toBe("10.0.1.0");
  });
});
