#!/usr/bin/env node
require("../tools/supportedNode").requireSupportedNode();
// Prints the organization's guardrails (the AWS SCP and the OCI tenancy deny statements) as docs/ORG-ENFORCEMENT.md
// shows them, rendered from the residency pack's default settings.
require("../tools/register-ts");
process.stdout.write(`${require("../infra/guardrails/orgDocument").orgGuardrailsMarkdown()}\n`);
