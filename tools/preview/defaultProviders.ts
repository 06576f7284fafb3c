import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type { GraphResource } from "../graph/resourceGraph";
import { UserInputError } from "../errors";
import { makeUrn, ROOT_STACK_TYPE } from "../graph/urn";
import { unknownValue } from "../sdkAdapter";

/** The id the engine gives a provider that does not exist yet: the unknown sentinel. */
export const UNKNOWN_ID = unknownValue;
const PROVIDER_TYPE_PREFIX = "pulumi:providers:";

export function isProviderType(type: string): boolean {
    return type.startsWith(PROVIDER_TYPE_PREFIX);
}

function disabledDefaultProviders(config: Record<string, string>): string[] {
    const raw = config["pulumi:disable-default-providers"];
    if (raw === undefined) return [];
    try {
        const list = JSON.parse(raw);
        if (Array.isArray(list) && list.every((x) => typeof x === "string")) return list;
    } catch {
        // fall through to the error below
    }
    throw new UserInputError(`stack config key 'pulumi:disable-default-providers' must be a list of package names, got ${raw}`);
}

/**
 * Does what the engine does for a resource that names no provider: it creates (once per package and
 * version) a default provider whose inputs are the stack config of that package's namespace, and points
 * the resource at it. Returns the resources in registration order with the default providers inserted.
 */
export function attachDefaultProviders(resources: GraphResource[], config: Record<string, string>, project: string, stack: string): GraphResource[] {
    const disabled = disabledDefaultProviders(config);
    const created = new Map<string, GraphResource>();
    const out: GraphResource[] = [];
    for (const r of resources) {
        const pkg = r.type.split(":")[0];
        const needsDefault = r.custom && !r.provider && !isProviderType(r.type) && r.type !== ROOT_STACK_TYPE && pkg !== "pulumi";
        if (needsDefault) {
            if (disabled.includes(pkg) || disabled.includes("*")) {
                throw new UserInputError(`Default provider for '${pkg}' disabled. '${r.urn}' must use an explicit provider.`);
            }
            const version = r.packageVersion;
            const key = `${pkg}@${version ?? ""}`;
            let provider = created.get(key);
            if (!provider) {
                const inputs: Record<string, string> = {};
                for (const [k, v] of Object.entries(config)) {
                    if (k.startsWith(`${pkg}:`)) inputs[k.slice(pkg.length + 1)] = v;
                }
                if (version) inputs.version = version;
                const name = version ? `default_${version.replace(/[.-]/g, "_")}` : "default";
                const type = `${PROVIDER_TYPE_PREFIX}${pkg}`;
                provider = {
                    urn: makeUrn(stack, project, "", type, name),
                    type,
                    name,
                    custom: true,
                    dependencies: [],
                    propertyDependencies: {},
                    properties: Struct.fromJavaScript(inputs),
                    defaultProvider: true,
                };
                created.set(key, provider);
                out.push(provider);
            }
            r.provider = `${provider.urn}::${UNKNOWN_ID}`;
        }
        out.push(r);
    }
    return out;
}
