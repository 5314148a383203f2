import { hrefOf, parseRoute, type Route } from "../src/router";

describe("parseRoute", () => {
  test.each<[string, Route]>([
    ["", { name: "events" }],
    ["#", { name: "events" }],
    ["#/", { name: "events" }],
    [
      "#/events/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
      { name: "event", id: "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b" },
    ],
    ["#/me", { name: "mine" }],
    ["#/operator", { name: "operator" }],
    ["#/sign-in", { name: "signIn" }],
    ["#/sign-in?next=%23%2Fme", { name: "signIn", next: "#/me" }],
    ["#/sign-in?next=https%3A%2F%2Fevil.example", { name: "signIn" }],
    ["#/events", { name: "notFound" }],
    ["#/events/a/b", { name: "notFound" }],
    ["#main", { name: "notFound" }],
  ])("reads %j as %j", (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  test.each<Route>([
    { name: "events" },
    { name: "event", id: "id with spaces/and slash" },
    { name: "mine" },
    { name: "operator" },
    { name: "signIn" },
    { name: "signIn", next: "#/events/abc" },
  ])("reads back what hrefOf wrote for %j", (route) => {
    expect(parseRoute(hrefOf(route))).toEqual(route);
  });
});
