/**
 * The kind an OCID names for each OCI resource type (`ocid1.<kind>.oc1.<region>.…`): the type's name in lower case,
 * but where OCI names it otherwise. One table for the pack (an OCID passed on from a resource of the stack is one of
 * that resource's kind) and the offline engine (the OCIDs it makes up for the second pass).
 */
const OCI_KINDS: Record<string, string> = {
    VirtualNetwork: "vcn",
    DefaultSecurityList: "securitylist",
    DefaultRouteTable: "routetable",
    DefaultDhcpOptions: "dhcpoptions",
    Tag: "tagdefinition",
    "Functions:Application": "fnapp",
    "Functions:Function": "fnfunc",
    "Vault:Secret": "vaultsecret",
    "Dns:Zone": "dns-zone",
    "Ons:NotificationTopic": "onstopic",
    "Events:Rule": "eventrule",
    "ApiGateway:Deployment": "apideployment",
    "ApiGateway:Gateway": "apigateway",
};

/** The OCID kind of `<module>:<typeName>` (`Core`, `Instance`: `instance`). */
export function ociKindOf(module: string, typeName: string): string {
    return OCI_KINDS[`${module}:${typeName}`] ?? OCI_KINDS[typeName] ?? typeName.toLowerCase();
}

/** The OCID kind of an OCI type token (`oci:Streaming/stream:Stream`: `stream`), undefined for any other. */
export function ociKindOfType(type: string): string | undefined {
    const m = /^oci:([^/:]+)(?:\/[^:]*)?:(.+)$/.exec(type);
    return m ? ociKindOf(m[1], m[2]) : undefined;
}
