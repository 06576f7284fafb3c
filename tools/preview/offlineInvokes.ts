import * as fs from "fs";
import * as path from "path";
import { providerInputValue } from "../../policies/model/providerInputs";

/** What the offline preview knows when a program invokes a provider function. */
export interface InvokeContext {
    project: string;
    /** Stack config, `<namespace>:<key>` to string. */
    config: Record<string, string>;
    /** Inputs of the explicit provider the invoke names, or undefined for the package's default provider. */
    explicitProviderInputs(providerRef: string): Record<string, unknown> | undefined;
    /** Where the program resolves its packages from (to read an invoke's result fields). */
    programDir: string;
}

/** An invoke's result: every field known, or the whole result unknown, as in a preview whose provider cannot answer. */
export type InvokeAnswer = { known: true; result: Record<string, unknown> } | { known: false; reason: string };

type Answer = (inputs: Record<string, unknown>, providerRef: string, ctx: InvokeContext) => InvokeAnswer;

function unknownBecause(reason: string): InvokeAnswer {
    return { known: false, reason };
}

/** The provider's own input, else (for the default provider) `<pkg>:<key>` of the stack config. */
export function providerSetting(pkg: string, key: string, providerRef: string, ctx: InvokeContext): unknown {
    const explicit = ctx.explicitProviderInputs(providerRef);
    if (explicit) return explicit[key] === undefined ? undefined : providerInputValue(explicit[key]);
    const raw = ctx.config[`${pkg}:${key}`];
    return raw === undefined ? undefined : providerInputValue(raw);
}

function awsRegion(inputs: Record<string, unknown>, providerRef: string, ctx: InvokeContext): string | undefined {
    const region = typeof inputs.region === "string" ? inputs.region : providerSetting("aws", "region", providerRef, ctx);
    return typeof region === "string" && region !== "" ? region : undefined;
}

function awsPartition(region: string): string {
    if (region.startsWith("cn-")) return "aws-cn";
    if (region.startsWith("us-gov-")) return "aws-us-gov";
    if (region.startsWith("us-iso-")) return "aws-iso";
    if (region.startsWith("us-isob-")) return "aws-iso-b";
    return "aws";
}

const ACCOUNT_ID = /^\d{12}$/;

/** The AWS account config names for a provider: one `allowedAccountIds`, else `<project>:awsAccountId`. */
export function awsAccount(providerRef: string, ctx: InvokeContext): string | undefined {
    const allowed = providerSetting("aws", "allowedAccountIds", providerRef, ctx);
    if (Array.isArray(allowed) && allowed.length === 1 && typeof allowed[0] === "string" && ACCOUNT_ID.test(allowed[0])) return allowed[0];
    const own = ctx.config[`${ctx.project}:awsAccountId`];
    return own !== undefined && ACCOUNT_ID.test(own) ? own : undefined;
}

/** The invokes whose result the stack config determines, answered as the provider would. */
const ANSWERS: Record<string, Answer> = {
    "aws:index/getRegion:getRegion": (inputs, providerRef, ctx) => {
        const region = awsRegion(inputs, providerRef, ctx);
        if (!region) return unknownBecause("its provider has no region (set 'region' on the provider or 'aws:region' in the stack config)");
        return { known: true, result: { id: region, name: region, region, description: region, endpoint: `ec2.${region}.amazonaws.com` } };
    },
    "aws:index/getPartition:getPartition": (inputs, providerRef, ctx) => {
        const region = awsRegion(inputs, providerRef, ctx);
        if (!region) return unknownBecause("its provider has no region, so its partition is not known");
        const partition = awsPartition(region);
        const dnsSuffix = partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
        const reverseDnsPrefix = partition === "aws-cn" ? "cn.com.amazonaws" : "com.amazonaws";
        return { known: true, result: { id: partition, partition, dnsSuffix, reverseDnsPrefix } };
    },
    "aws:index/getCallerIdentity:getCallerIdentity": (_inputs, providerRef, ctx) => {
        const account = awsAccount(providerRef, ctx);
        if (!account) {
            return unknownBecause(
                `the account comes from the credentials; set one account in 'allowedAccountIds' of the provider or 'aws:allowedAccountIds', or '${ctx.project}:awsAccountId', in the stack config`,
            );
        }
        // arn and userId name the caller's credentials, which config does not determine: they are left out.
        return { known: true, result: { id: account, accountId: account } };
    },
    "aws:index/getAvailabilityZones:getAvailabilityZones": () => unknownBecause("zone names and ids depend on the account and the day, not on stack config"),
    "oci:ObjectStorage/getNamespace:getNamespace": (_inputs, _providerRef, ctx) => {
        const namespace = ctx.config[`${ctx.project}:ociObjectStorageNamespace`];
        if (!namespace) return unknownBecause(`the namespace comes from the tenancy; set '${ctx.project}:ociObjectStorageNamespace' in the stack config`);
        return { known: true, result: { id: namespace, namespace } };
    },
    "oci:Identity/getAvailabilityDomains:getAvailabilityDomains": () =>
        unknownBecause("availability domain names carry a tenancy-specific prefix that stack config does not determine"),
    "oci:Identity/getRegionSubscriptions:getRegionSubscriptions": () => unknownBecause("the regions a tenancy subscribes to are cloud state, not stack config"),
};

export const CONFIG_ANSWERED_INVOKES = Object.keys(ANSWERS);

export function answerInvoke(token: string, inputs: Record<string, unknown>, providerRef: string, ctx: InvokeContext): InvokeAnswer {
    const answer = ANSWERS[token];
    if (!answer) return unknownBecause("the offline preview cannot call the provider; its result is unknown, as a value the cloud decides");
    return answer(inputs, providerRef, ctx);
}

/**
 * The result fields the provider SDK declares for an invoke (`interface <Fn>Result` in its .d.ts), so an
 * unknown result can be unknown field by field as well as as a whole (a promise-form invoke reads fields directly).
 */
export function declaredResultFields(token: string, programDir: string): string[] {
    const match = /^([^:]+):([^/:]+)\/([^:]+):([^:]+)$/.exec(token);
    if (!match) return [];
    const [, pkg, module, , fn] = match;
    let root: string;
    try {
        root = path.dirname(require.resolve(`@pulumi/${pkg}/package.json`, { paths: [programDir] }));
    } catch {
        return [];
    }
    const file = path.join(root, module === "index" ? "" : module.toLowerCase(), `${fn}.d.ts`);
    if (!fs.existsSync(file)) return [];
    const text = fs.readFileSync(file, "utf8");
    const name = fn.charAt(0).toUpperCase() + fn.slice(1);
    const start = text.indexOf(`export interface ${name}Result {`);
    if (start < 0) return [];
    const body = text.slice(start, text.indexOf("\n}", start));
    return [...body.matchAll(/^\s+readonly (\w+)\??:/gm)].map((m) => m[1]);
}
