// The Node versions the project runs on are those of package.json's "engines". On another (Node 20, at its end of
// life), the offline preview has no permission model for the program's process, and a program that failed was seen
// to spin there until the preview's timeout: Node 20's util.inspect looped in markNodeModules while the SDK formatted
// the program's uncaught error. So every command refuses to start, with exit 2, and says which Node to use.
"use strict";
const path = require("path");
const semver = require("semver");

/** The problem with running on Node `version`, or undefined when it is one the project supports. */
function unsupportedNode(version = process.versions.node) {
    const range = require(path.join(__dirname, "..", "package.json")).engines.node;
    if (semver.satisfies(version, range)) return undefined;
    return (
        `Node ${version} is not supported: this project runs on Node ${range} (package.json "engines"). ` +
        "Run it through npm (`npm run preview -- ...`), which puts first the Node that `npm ci` installed, or use a supported Node."
    );
}

/** Ends the process with exit 2 on a Node the project does not support. */
function requireSupportedNode() {
    const problem = unsupportedNode();
    if (!problem) return;
    process.stderr.write(`error: ${problem}\n`);
    process.exit(2);
}

module.exports = { requireSupportedNode, unsupportedNode };
