/**
 * The gate as git and the workflows see it: which gate files a pull request changes (two checkouts), the workflows'
 * own steps run against mutated copies, and CODEOWNERS over every tracked file.
 */
import "./gateChanges.e2e";
import "../workflows/gateWorkflows.e2e";
import "../workflows/codeowners.e2e";
