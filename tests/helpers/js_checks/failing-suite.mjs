// A node:test file whose test fails (run by name: `node --test` finds no file so named): its after() hook still stops the server.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { startMock } from "securityhub-mock";

let mock;
before(async () => {
  mock = await startMock();
  fs.writeFileSync(process.env.PID_FILE, String(mock.pid));
});
after(() => mock.stop());

test("fails on purpose", async () => {
  assert.equal((await mock.state()).hubs.length, 1);
});
