// jest globalSetup and globalTeardown: every temporary folder a test run makes (fs.mkdtemp in the tests and
// their helpers, and the files of the previews, packs and reports they start) goes under one folder of this run,
// which is removed when the run ends, whatever the tests left behind.
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");

const KEY = "US_DATA_RESIDENCY_TEST_TMP";

async function setup() {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "us-data-residency-test-"));
    process.env[KEY] = root;
    // os.tmpdir() reads TMPDIR on each call; jest's workers and the processes tests start inherit it.
    process.env.TMPDIR = root;
}

async function teardown() {
    const root = process.env[KEY];
    if (!root || !path.basename(root).startsWith("us-data-residency-test-")) return;
    fs.rmSync(root, { recursive: true, force: true });
}

module.exports = { setup, teardown };
