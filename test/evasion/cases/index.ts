/** Every evasion family, one table each. */
import type { EvasionCase } from "../dsl/evasionCase";
import { dataMovers } from "./dataMovers";
import { dependsOnEdges } from "./dependsOnEdges";
import { dynamicProviders } from "./dynamic";
import { endpointOverrides } from "./endpoints";
import { laundering } from "./laundering";
import { modelled } from "./modelled";
import { multiHop } from "./multiHop";
import { multiRegionEngines } from "./multiRegionEngines";
import { ociMechanisms } from "./oci";
import { references } from "./references";
import { regionLiterals } from "./regionLiterals";
import { snapshotCopies } from "./snapshotCopies";
import { unlabelledStores } from "./unlabelledStores";
import { externalEndpoints } from "./externalEndpoints";
import { storageUris } from "./storageUris";
import { ociDestinations } from "./ociDestinations";
import { taintEverywhere } from "./taintEverywhere";
import { selectorsAndZones } from "./selectorsAndZones";
import { moreDestinations } from "./moreDestinations";
import { roleReads } from "./roleReads";

/** The cases written for issue 20: places outside the stack, taint through every category, selectors and zones. */
export const ISSUE_20_FAMILIES: Record<string, EvasionCase[]> = {
    "destinations outside the stack (URLs, hosts, emails, phones)": externalEndpoints,
    "buckets named by URI, by key, or as bucket/key pairs": storageUris,
    "OCI destinations (notifications, gateways, functions, GoldenGate, events)": ociDestinations,
    "taint through every category (alarms, dashboards, dependsOn, parents, names in JSON)": taintEverywhere,
    "sources picked by selectors, and zones": selectorsAndZones,
    "places named in code, workflows and connectors": moreDestinations,
};

/** The cases written for issue 10, by family. */
export const NEW_FAMILIES: Record<string, EvasionCase[]> = {
    "copies of snapshots and images": snapshotCopies,
    "data movers": dataMovers,
    "multi-region engines": multiRegionEngines,
    "OCI cross-region mechanisms": ociMechanisms,
    "unlabelled stores of unlisted types": unlabelledStores,
    "provider endpoint overrides": endpointOverrides,
    "class laundering": laundering,
    "dynamic providers and third-party types": dynamicProviders,
    "reference resolution": references,
    "region literals deep in inputs": regionLiterals,
    "dependsOn edges of copy types": dependsOnEdges,
    "multi-hop taint": multiHop,
};

export const FAMILIES: Record<string, EvasionCase[]> = {
    ...NEW_FAMILIES,
    ...ISSUE_20_FAMILIES,
    "mechanisms modelled before issue 10": modelled,
    "code that runs as a role which may read US data": roleReads,
};
