/** Model resources built directly (no graph, no engine) for the model's table tests. */
import type { ModelResource } from "../../policies/model/graph";

/** An AWS provider in Virginia and one in Singapore, as the model sees a provider. */
export const virginia = { type: "pulumi:providers:aws", name: "virginia", urn: "urn:p:virginia", props: { region: "us-east-1" } };
export const singapore = { type: "pulumi:providers:aws", name: "singapore", urn: "urn:p:singapore", props: { region: "ap-southeast-1" } };

/** A resource of `type` named `name` (URN `urn:<type>::<name>`), through `provider` (Virginia unless said). */
export function resource(
    type: string,
    name: string,
    props: Record<string, unknown>,
    provider: ModelResource["provider"] = virginia,
    extra: Partial<ModelResource> = {},
): ModelResource {
    return { urn: `urn:${type}::${name}`, type, name, props, provider, propertyDependencies: {}, ...extra };
}
