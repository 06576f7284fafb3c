/**
 * The least a pack of our shape can cost: the policies of policies/ (same names, order, kinds, enforcement
 * levels and config schemas), each doing nothing. @pulumi/policy deserializes and wraps every resource once
 * per stack policy and once per resource policy whatever the policy does, so `npm run bench` divides our
 * time by this pack's over the same stack to show what is ours.
 *
 * The shape is read from the compiled pack itself (policies/bin), so the floor follows every change to it.
 */
const path = require("path");
const policy = require("@pulumi/policy");
// The package index re-exports PolicyPack through a getter that reads this module's export, so swap it here.
const policyModule = require("@pulumi/policy/policy");

const OUR_BIN = path.resolve(__dirname, "..", "..", "policies", "bin");

/** Loads our compiled pack with PolicyPack swapped out, and returns what it would have been built with. */
function ourPackArgs() {
    const RealPolicyPack = policyModule.PolicyPack;
    let captured;
    policyModule.PolicyPack = function capture(name, args) {
        captured = { name, args };
    };
    try {
        for (const key of Object.keys(require.cache)) if (key.startsWith(OUR_BIN + path.sep)) delete require.cache[key];
        require(path.join(OUR_BIN, "index.js"));
    } finally {
        policyModule.PolicyPack = RealPolicyPack;
    }
    if (!captured) throw new Error(`${OUR_BIN}/index.js built no PolicyPack`);
    return captured;
}

const doNothing = () => undefined;

/** The same policy with its checks replaced by functions that do nothing (a single function: the SDK's cheapest path). */
function doingNothing(p) {
    const floor = { ...p };
    if ("validateStack" in p) floor.validateStack = doNothing;
    if ("validateResource" in p) floor.validateResource = doNothing;
    if ("remediateResource" in p) floor.remediateResource = doNothing;
    return floor;
}

const { name, args } = ourPackArgs();
new policy.PolicyPack(name, { ...args, policies: args.policies.map(doingNothing) });
