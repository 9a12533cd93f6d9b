import { closestMatch, editDistance } from "./suggest";

describe("suggestions", () => {
  test.each([
    ["", "abc", 3],
    ["email", "email", 0],
    ["emial", "email", 1],
    ["lastLogin", "lastLoginAt", 2],
    ["kitten", "sitting", 3],
  ])("distance from %j to %j is %d", (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });

  test.each([
    ["LASTLOGIN", ["email", "lastLoginAt", "loginCount"], "lastLoginAt"],
    ["stat", ["state", "source"], "state"],
    ["foo", ["role", "kind"], undefined],
    ["x", ["kind"], undefined],
  ])("nearest to %s", (word, candidates, expected) => {
    expect(closestMatch(word, candidates)).toBe(expected);
  });
});
