/**
 * Programs through the offline preview, end to end: every process it starts is real (the program's, the pack's),
 * and the pack started as the Pulumi CLI starts it (run-policy-pack over gRPC) decides the same over the graph the
 * preview captured. Rule tests run in memory (test/policies, test/evasion/cases.test.ts); these are one family of
 * end-to-end behaviour each. Each family lives beside the tests of its area; this file runs them together.
 */
import "../evasion/fixtures.e2e";
import "../evasion/dslFaithfulness.e2e";
import "../assurance/wireEquivalence.e2e";
import "../assurance/secrets.e2e";
import "../assurance/reproducible.e2e";
import "../assurance/badInput.e2e";
import "../report/previewReport.e2e";
import "../preview/offlinePreview.e2e";
import "../preview/weakenedConfig.e2e";
import "../project/projectFileKey.e2e";
