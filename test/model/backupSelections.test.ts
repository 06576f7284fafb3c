/**
 * An AWS Backup selection's `resources` are what its plan copies from, not where: the backup flow judges them (a
 * store outside the stack makes its sources unknown), and no ARN there is read as a destination.
 */
import { buildStackModel } from "../../policies/model/stackModel";
import { resource } from "./modelResources";

const TABLE_ARN = "arn:aws:dynamodb:us-east-1:111122223333:table/profiles";
const table = resource("aws:dynamodb/table:Table", "profiles", {
    name: "profiles",
    arn: TABLE_ARN,
    tags: { "data-class": "non-us-user-data" },
});
const vault = resource("aws:backup/vault:Vault", "vault", { name: "vault", tags: { "data-class": "non-us-user-data" } });
const plan = resource("aws:backup/plan:Plan", "plan", { name: "plan", rules: [{ ruleName: "daily", targetVaultName: "vault" }] });

function judged(entry: string) {
    const selection = resource("aws:backup/selection:Selection", "daily", {
        name: "daily",
        planId: "plan",
        iamRoleArn: "arn:aws:iam::111122223333:role/backup",
        resources: [TABLE_ARN, entry],
    });
    const model = buildStackModel([table, vault, plan, selection]);
    const flow = model.flows.find((f) => f.kind === "backup");
    return {
        sources: flow?.sources.kind === "resources" ? flow.sources.resources.map((r) => r.name) : flow?.sources.kind,
        destinations: model.destinations.filter((d) => d.carrier === selection).map((d) => d.path),
    };
}

describe("an AWS Backup selection's resources are its plan's sources", () => {
    test.each([
        ["the stack's table again", "arn:aws:dynamodb:us-east-1:111122223333:table/profiles", ["profiles"]],
        ["a table outside the stack", "arn:aws:dynamodb:us-east-1:999988887777:table/partner-users", "unknown"],
        ["every table of the region", "arn:aws:dynamodb:us-east-1:*:table/*", ["profiles"]],
    ])("%s: the flow's sources are judged, and no ARN there is a destination", (_what, entry, sources) => {
        expect(judged(entry)).toEqual({ sources, destinations: [] });
    });

    test("a value of another shape there (a URL) is read as a destination", () => {
        expect(judged("https://hooks.partner.example/x").destinations).toEqual(["resources[1]"]);
    });
});
