/** @type {import('jest').Config} */
module.exports = {
    testEnvironment: "node",
    roots: ["<rootDir>/test"],
    testMatch: ["**/*.test.ts"],
    transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } }] },
    testTimeout: 120000,
    // Temporary folders of a run live under one folder that the teardown removes (test/support/tempRoot.js).
    globalSetup: "<rootDir>/test/support/globalSetup.js",
    globalTeardown: "<rootDir>/test/support/globalTeardown.js",
    // Most suites wait on preview subprocesses; two workers keep both cores busy (jest's default is cores - 1).
    maxWorkers: 2,
    // The process-starting families first, counted with the files they import (test/support/sequencer.js).
    testSequencer: "<rootDir>/test/support/sequencer.js",
};
