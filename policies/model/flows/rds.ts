/** RDS: automated backups replicated to another region, read replicas, global clusters. */
import { TYPE_TOKENS } from "../catalogue";
import { resolveLocation } from "../location";
import { get } from "../unknown";
import { Extractor, Flow, FlowDestination, into, set, sourcesFrom } from "./flow";

export const rdsExtractors: Record<string, Extractor> = {
    "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication": (r, index) => {
        const sources = sourcesFrom(
            index.resolveSources(r, "sourceDbInstanceArn", get(r.props, "sourceDbInstanceArn"), set(TYPE_TOKENS.rdsInstance)),
            "source DB instance",
        );
        const loc = resolveLocation(r);
        const destination: FlowDestination =
            loc.kind === "known"
                ? { kind: "location", location: loc.location, detail: loc.detail }
                : { kind: "unknown", reason: loc.kind === "not-applicable" ? "its region cannot be determined" : loc.reason };
        return [{ kind: "backup-copy", carrier: r, property: "sourceDbInstanceArn", sources, destination }];
    },
    [TYPE_TOKENS.rdsInstance]: (r, index) => {
        const value = get(r.props, "replicateSourceDb");
        if (value === undefined || value === null || value === "") return [];
        return [
            {
                kind: "replica",
                carrier: r,
                property: "replicateSourceDb",
                sources: sourcesFrom(
                    index.resolveSources(r, "replicateSourceDb", value, set(TYPE_TOKENS.rdsInstance, TYPE_TOKENS.rdsCluster)),
                    "replication source database",
                ),
                destination: into(r),
            },
        ];
    },
    [TYPE_TOKENS.rdsCluster]: (r, index) => {
        const flows: Flow[] = [];
        for (const prop of ["globalClusterIdentifier", "replicationSourceIdentifier"]) {
            const value = get(r.props, prop);
            if (value === undefined || value === null || value === "") continue;
            const types = prop === "globalClusterIdentifier" ? set(TYPE_TOKENS.rdsGlobalCluster) : set(TYPE_TOKENS.rdsCluster, TYPE_TOKENS.rdsInstance);
            flows.push({
                kind: "replica",
                carrier: r,
                property: prop,
                sources: sourcesFrom(index.resolveSources(r, prop, value, types), prop),
                destination: into(r),
            });
        }
        return flows;
    },
    [TYPE_TOKENS.rdsGlobalCluster]: (r, index) => {
        const value = get(r.props, "sourceDbClusterIdentifier");
        if (value === undefined || value === null || value === "") return [];
        return [
            {
                kind: "replica",
                carrier: r,
                property: "sourceDbClusterIdentifier",
                sources: sourcesFrom(index.resolveSources(r, "sourceDbClusterIdentifier", value, set(TYPE_TOKENS.rdsCluster)), "source cluster"),
                destination: into(r),
            },
        ];
    },
};
