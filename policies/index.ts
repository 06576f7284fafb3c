// First, so that SIGUSR1 cannot open the inspector while the rest loads.
import "./noInspectorSignal";
import { Policy, PolicyPack } from "@pulumi/policy";
import { lockAnalyzerConfig } from "./analyzerLock";
import { accessOnlyForUsCustodians } from "./rules/accessOnlyForUsCustodians";
import { auditOnUserData } from "./rules/auditOnUserData";
import { awsAccessDocumentsKnown } from "./rules/awsAccessDocumentsKnown";
import { copiesStayInApprovedLocations } from "./rules/copiesStayInApprovedLocations";
import { dataStoresClassified } from "./rules/dataStoresClassified";
import { exemptionsInForce } from "./rules/exemptionsInForce";
import { keysInApprovedLocations } from "./rules/keysInApprovedLocations";
import { noPublicAccessToUserData } from "./rules/noPublicAccessToUserData";
import { ownCopiesToApprovedRegions } from "./rules/ownCopiesToApprovedRegions";
import { RESIDENCY_CONFIG_VALID, residencyConfigValid } from "./rules/residencyConfigValid";
import { storeInLocationApprovedForItsLabel } from "./rules/storeInLocationApprovedForItsLabel";
import { usTrafficSteeredToOci } from "./rules/usTrafficSteeredToOci";
import { usUserDataInApprovedLocations } from "./rules/usUserDataInApprovedLocations";

// Order matters: residency-config-valid runs first (the others read its settings, in Analyze too),
// exemptions-in-force last. The resource policies run in Analyze, before each resource is created; the
// stack policies at the end of the run, for what needs the whole graph.
const checks = [
    usUserDataInApprovedLocations,
    dataStoresClassified,
    copiesStayInApprovedLocations,
    keysInApprovedLocations,
    noPublicAccessToUserData,
    accessOnlyForUsCustodians,
    awsAccessDocumentsKnown,
    auditOnUserData,
    usTrafficSteeredToOci,
    storeInLocationApprovedForItsLabel,
    ownCopiesToApprovedRegions,
];

const names = [RESIDENCY_CONFIG_VALID, ...checks.map((p) => p.name), exemptionsInForce.name];
export const policies: Policy[] = [residencyConfigValid(names), ...checks, exemptionsInForce];

// One Configure per process, and a proof of it in every AnalyzeStack response (analyzerLock.ts).
lockAnalyzerConfig();
new PolicyPack("us-data-residency", { policies });

// For the offline preview and the audit, which report the model the policies judged with (tools/report/facts.ts).
export { modelOfLastRun } from "./model/policyKit";
