// Bundles the backup job's Lambda handler (backup/lambda.ts, with the pinned AWS SDK) into backup/dist/index.js,
// the zip the job component deploys (`npm ci` runs it through `prepare`; `npm run build:backup` by hand).
"use strict";
const path = require("path");
const esbuild = require("esbuild");

esbuild
    .build({
        entryPoints: [path.join(__dirname, "lambda.ts")],
        outfile: path.join(__dirname, "dist", "index.js"),
        bundle: true,
        platform: "node",
        target: "node22",
        format: "cjs",
        minify: true,
        sourcemap: false,
        legalComments: "linked",
        logLevel: "warning",
    })
    .catch(() => {
        process.exitCode = 1;
    });
