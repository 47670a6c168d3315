const { describe, expect, test } = require("@jest/globals");  // a devDependency's own dependency: jest brings it

describe("server", () => test("runs", () => expect(1).toBe(1)));
