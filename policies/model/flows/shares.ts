/**
 * Shares: an EBS snapshot, an image or an RDS snapshot given to other accounts (or to everyone), or a store of the
 * stack shared through RAM. An account a
 * snapshot is shared with can copy it to any region, which no stack of ours sees: the destination of such a flow
 * cannot be determined, so a share of US user data is never a pass.
 */
import type { ModelResource } from "../graph";
import { holdsData, roleOf } from "../roles";
import { get, isString, list, UNKNOWN } from "../unknown";
import { Extractor, Flow, self, set, sourcesFrom, type FlowSources } from "./flow";

const EBS_SNAPSHOTS = set("aws:ebs/snapshot:Snapshot", "aws:ebs/snapshotCopy:SnapshotCopy", "aws:ebs/snapshotImport:SnapshotImport");
const IMAGES = set("aws:ec2/ami:Ami", "aws:ec2/amiCopy:AmiCopy", "aws:ec2/amiFromInstance:AmiFromInstance");

/** The accounts a value names, as a message names them. */
function describeGrantee(value: unknown): string {
    if (value === UNKNOWN) return "an account not known at preview";
    if (value === "all") return "every AWS account ('all': public)";
    return isString(value) ? `'${value.slice(0, 120)}'` : JSON.stringify(value).slice(0, 120);
}

/** A share of `sources` with the grantees at `r`.`props` (the first one set names the flow's property); none when no grantee is set. */
function shareFlow(r: ModelResource, props: string[], grantees: unknown[], sources: FlowSources): Flow[] {
    const given = grantees.map((g, i) => ({ g, prop: props[Math.min(i, props.length - 1)] })).filter(({ g }) => g !== undefined && g !== null && g !== "");
    if (given.length === 0) return [];
    const reason = `'${given[0].prop}' shares it with ${given.map(({ g }) => describeGrantee(g)).join(", ")}, which may copy it to any region`;
    return [{ kind: "share", carrier: r, property: given[0].prop, sources, destination: { kind: "unknown", reason } }];
}

/** An RDS snapshot's own `sharedAccounts`. */
const sharedAccounts: Extractor = (r) => {
    const accounts = list(r.props, "sharedAccounts");
    return shareFlow(r, ["sharedAccounts"], accounts === UNKNOWN ? [UNKNOWN] : accounts, self(r));
};

export const shareExtractors: Record<string, Extractor> = {
    "aws:ec2/snapshotCreateVolumePermission:SnapshotCreateVolumePermission": (r, index) =>
        shareFlow(
            r,
            ["accountId"],
            [get(r.props, "accountId")],
            sourcesFrom(index.resolveSources(r, "snapshotId", get(r.props, "snapshotId"), EBS_SNAPSHOTS), "shared snapshot"),
        ),
    "aws:ec2/amiLaunchPermission:AmiLaunchPermission": (r, index) => {
        const props = ["accountId", "group", "organizationArn", "organizationalUnitArn"];
        const set = props.filter((p) => get(r.props, p) !== undefined);
        return shareFlow(
            r,
            set,
            set.map((p) => get(r.props, p)),
            sourcesFrom(index.resolveSources(r, "imageId", get(r.props, "imageId"), IMAGES), "shared image"),
        );
    },
    // A RAM share of a store of the stack (an Aurora cluster can be shared so): with the share's principals.
    "aws:ram/resourceAssociation:ResourceAssociation": (r, index) => {
        const stores = new Set(index.resources.filter((x) => holdsData(roleOf(x))).map((x) => x.type));
        const shared = index.resolveSources(r, "resourceArn", get(r.props, "resourceArn"), stores);
        if (shared.kind !== "resources") return [];
        const reason = "'resourceShareArn' shares it with the principals of that resource share, which may copy it to any region";
        return [
            { kind: "share", carrier: r, property: "resourceArn", sources: sourcesFrom(shared, "shared resource"), destination: { kind: "unknown", reason } },
        ];
    },
    "aws:rds/snapshot:Snapshot": sharedAccounts,
    "aws:rds/snapshotCopy:SnapshotCopy": sharedAccounts,
    "aws:rds/clusterSnapshot:ClusterSnapshot": sharedAccounts,
    "aws:rds/clusterSnapshotCopy:ClusterSnapshotCopy": sharedAccounts,
};
