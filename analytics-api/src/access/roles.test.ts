import assert from "node:assert/strict";
import { test } from "node:test";
import { ForbiddenError } from "../http/errors.ts";
import { hasRole, requireRole } from "./roles.ts";

test("roles rank owner > admin > member > viewer", () => {
  assert.equal(hasRole("owner", "admin"), true);
  assert.equal(hasRole("admin", "admin"), true);
  assert.equal(hasRole("member", "admin"), false);
  assert.equal(hasRole("viewer", "member"), false);
  assert.equal(hasRole("viewer", "viewer"), true);
  assert.throws(
    () => requireRole({ role: "viewer" }, "member"),
    (error: unknown) => error instanceof ForbiddenError && /member role or higher; you are a viewer/.test(error.message),
  );
  assert.doesNotThrow(() => requireRole({ role: "owner" }, "admin"));
});
