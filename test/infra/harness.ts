/**
 * Test harness: runs a piece of the program under Pulumi mocks and captures what each resource
 * was registered with (type, name, inputs, provider reference).
 */
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";

export const PROJECT = "us-data-residency";
export const STACK = "test";
export const AWS_ACCOUNT = "111111111111";
/** Hex suffix the RandomId mock returns. */
export const RANDOM_HEX = "1a2b3c4d";

export interface CapturedResource {
    readonly type: string;
    readonly name: string;
    /** Inputs as the engine received them (deserialized; unknown values dropped). */
    readonly inputs: Record<string, any>;
    /** `<providerUrn>::<id>`, or "" for a default provider (or a resource with no provider). */
    readonly provider: string;
    readonly custom: boolean;
    /** Names of the resources it waits for: `dependsOn` and the resources its inputs come from. */
    readonly dependsOn: readonly string[];
}

// The mocks' `newResource` sees no dependencies; the request it is called for has them. `newResource` runs
// synchronously at the start of `registerResource`, so the request is known while it runs.
let registering: { getDependenciesList(): string[] } | undefined;
const registerResource = MockMonitor.prototype.registerResource;
MockMonitor.prototype.registerResource = function (this: MockMonitor, req, callback) {
    registering = req;
    try {
        return registerResource.call(this, req, callback);
    } finally {
        registering = undefined;
    }
};

/** `urn:pulumi:<stack>::<project>::<type>::<name>` → name. */
const nameOfUrn = (urn: string) => urn.slice(urn.lastIndexOf("::") + 2);

function computed(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, unknown> } {
    const i = args.inputs;
    switch (args.type) {
        case "random:index/randomId:RandomId":
            return { id: RANDOM_HEX, state: { hex: RANDOM_HEX } };
        case "aws:kms/key:Key":
            return { id: `${args.name}-key-id`, state: { arn: `arn:aws:kms:${i.region ?? "no-region"}:${AWS_ACCOUNT}:key/${args.name}` } };
        case "aws:s3/bucket:Bucket":
            return { id: i.bucket, state: { arn: `arn:aws:s3:::${i.bucket}`, bucket: i.bucket } };
        case "aws:iam/role:Role":
            return { id: args.name, state: { arn: `arn:aws:iam::${AWS_ACCOUNT}:role/${args.name}`, name: args.name } };
        case "aws:sqs/queue:Queue":
            return {
                id: `https://sqs.${i.region}.amazonaws.com/${AWS_ACCOUNT}/${i.name}`,
                state: { arn: `arn:aws:sqs:${i.region}:${AWS_ACCOUNT}:${i.name}`, url: `https://sqs/${i.name}` },
            };
        case "aws:sns/topic:Topic":
            return { id: `arn:aws:sns:${i.region}:${AWS_ACCOUNT}:${i.name}`, state: { arn: `arn:aws:sns:${i.region}:${AWS_ACCOUNT}:${i.name}` } };
        case "aws:lambda/function:Function":
            return { id: i.name, state: { arn: `arn:aws:lambda:${i.region}:${AWS_ACCOUNT}:function:${i.name}` } };
        case "aws:cloudwatch/logGroup:LogGroup":
            return { id: i.name, state: { arn: `arn:aws:logs:${i.region}:${AWS_ACCOUNT}:log-group:${i.name}` } };
        case "oci:Vault/secret:Secret":
            return { id: `ocid1.vaultsecret.oc1.iad.${args.name}`, state: {} };
        case "oci:Kms/vault:Vault":
            return { id: `ocid1.vault.oc1..${args.name}`, state: { managementEndpoint: `https://${args.name}-management.kms.example` } };
        case "oci:Kms/key:Key":
            return { id: `ocid1.key.oc1..${args.name}`, state: {} };
        case "oci:Dns/zone:Zone":
            return { id: `ocid1.dns-zone.oc1..${args.name}`, state: {} };
        case "oci:Dns/steeringPolicy:SteeringPolicy":
            return { id: `ocid1.dns-steer-policy.oc1..${args.name}`, state: {} };
        default:
            return { id: `${args.name}-id`, state: {} };
    }
}

export class Capture {
    constructor(readonly resources: readonly CapturedResource[]) {}

    ofType(type: string): CapturedResource[] {
        return this.resources.filter((r) => r.type === type);
    }

    /** The only resource of `type` whose name contains `nameIncludes`; throws otherwise. */
    one(type: string, nameIncludes = ""): CapturedResource {
        const found = this.ofType(type).filter((r) => r.name.includes(nameIncludes));
        if (found.length !== 1) {
            throw new Error(`expected one ${type} named *${nameIncludes}*, found ${found.map((r) => r.name).join(", ") || "none"}`);
        }
        return found[0]!;
    }

    /** The provider resource a resource was registered with, resolved from its provider reference. */
    providerOf(resource: CapturedResource): CapturedResource | undefined {
        if (!resource.provider) return undefined;
        // "<urn>::<id>", and the URN ends with "::<type>::<name>".
        const parts = resource.provider.split("::");
        const name = parts[parts.length - 2];
        return this.resources.find((r) => r.type.startsWith("pulumi:providers:") && r.name === name);
    }

    /** Region of the provider a resource was registered with. */
    providerRegion(resource: CapturedResource): string | undefined {
        return this.providerOf(resource)?.inputs.region;
    }
}

/**
 * Runs `program` under mocks with optional config, waits for every registration, and returns what
 * was captured. By default not a preview, so mocked outputs resolve; with `preview`, the outputs of
 * random ids stay unknown, as at a first preview.
 */
export async function capture(
    program: () => unknown,
    config?: Record<string, string>,
    secretKeys?: string[],
    options: { preview?: boolean } = {},
): Promise<Capture> {
    const resources: CapturedResource[] = [];
    const preview = options.preview ?? false;
    await pulumi.runtime.setMocks(
        {
            newResource(args) {
                const dependsOn = (registering?.getDependenciesList() ?? []).map(nameOfUrn);
                resources.push({
                    type: args.type,
                    name: args.name,
                    inputs: args.inputs,
                    provider: args.provider ?? "",
                    custom: args.custom ?? true,
                    dependsOn,
                });
                // At a first preview, a random id is not generated yet: leave its outputs unknown.
                if (preview && args.type === "random:index/randomId:RandomId") return { id: undefined, state: {} };
                const { id, state } = computed(args);
                return { id, state: { ...args.inputs, ...state } };
            },
            call(args) {
                throw new Error(`the program must not invoke functions, but called ${args.token}`);
            },
        },
        PROJECT,
        STACK,
        preview,
    );
    pulumi.runtime.setAllConfig(config ?? {}, secretKeys);
    let failure: { error: unknown } | undefined;
    try {
        await program();
    } catch (error) {
        failure = { error };
    }
    // Always drain pending registrations, so that none reaches the mocks of the next test.
    await pulumi.runtime.disconnect();
    if (failure) throw failure.error;
    return new Capture(resources);
}

/** Resolves an output's value (tests run with preview off, so values are known). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply(resolve));
}

/** Parses a JSON policy document captured from inputs. */
export function policyDocument(json: unknown): { Statement: Array<Record<string, any>> } {
    if (typeof json !== "string") throw new Error(`expected a JSON policy string, got ${typeof json}`);
    return JSON.parse(json);
}

/** Actions of a statement as a list. */
export function actionsOf(statement: Record<string, any>): string[] {
    const a = statement.Action;
    return Array.isArray(a) ? a : [a];
}
