import * as pulumi from "@pulumi/pulumi";

/**
 * Returns the explicit provider of package `pkg` that a component got through `opts.provider`,
 * `opts.providers` or its parent, and throws if there is none: data resources must never fall back
 * to a default provider, whose region comes from ambient stack config.
 */
export function requireProvider(component: pulumi.ComponentResource, pkg: "aws" | "oci", type: string): pulumi.ProviderResource {
    const provider = component.getProvider(`${pkg}:index:Provider`);
    if (provider === undefined) {
        throw new Error(
            `${type}: no explicit ${pkg} provider. Pass one in the resource options ({ provider }) ` +
                `so that the location of every resource is chosen by the program, not by a default provider.`,
        );
    }
    return provider;
}
