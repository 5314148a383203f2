import { intOption, jwtSecretOption } from "../src/options.ts";
import { DEV_JWT_SECRET } from "../src/tokens.ts";

describe("jwtSecretOption", () => {
  const saved = process.env.JWT_SECRET;
  afterEach(() => {
    if (saved === undefined) delete process.env.JWT_SECRET;
    else process.env.JWT_SECRET = saved;
  });

  test("takes --jwt-secret over JWT_SECRET", () => {
    process.env.JWT_SECRET = "from-the-environment";
    expect(jwtSecretOption({ "jwt-secret": "from-the-flag" })).toBe("from-the-flag");
    expect(jwtSecretOption({})).toBe("from-the-environment");
  });

  test("signs with the API's development secret when JWT_SECRET is unset or empty, as the API verifies", () => {
    delete process.env.JWT_SECRET;
    expect(jwtSecretOption({})).toBe(DEV_JWT_SECRET);
    process.env.JWT_SECRET = "";
    expect(jwtSecretOption({})).toBe(DEV_JWT_SECRET);
  });
});

describe("intOption", () => {
  test("reads an integer flag, falls back when absent, and names the flag when it is not an integer", () => {
    expect(intOption({ users: "250" }, "users", 1000)).toBe(250);
    expect(intOption({}, "users", 1000)).toBe(1000);
    expect(() => intOption({ users: "2.5" }, "users", 1000)).toThrow(
      '--users: expected an integer, got "2.5"',
    );
  });
});
