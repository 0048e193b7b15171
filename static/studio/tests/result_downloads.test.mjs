import assert from "node:assert/strict";
import { test } from "node:test";

import { oggDownloadHref } from "../result_downloads.js";

test("the OGG preview's address asks the server for an attachment", () => {
  assert.equal(oggDownloadHref("/api/jobs/abc/variation-2.ogg"), "/api/jobs/abc/variation-2.ogg?download=1");
  assert.equal(oggDownloadHref("/api/jobs/abc/variation-2.ogg?lang=ja"), "/api/jobs/abc/variation-2.ogg?lang=ja&download=1");
});
