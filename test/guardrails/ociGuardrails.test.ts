import { ociUsRegionKeys } from "../../infra/guardrails/approvals";
import { deployerStatements, previewerStatements, regionCondition, tenancyDenyStatements } from "../../infra/guardrails/ociGuardrails";
import { parseOciStatement } from "../../policies/model/ociStatements";
import { DEFAULT_SETTINGS, parseSettings } from "../../policies/model/settings";

// The OCI statements of the CI users: in the approved compartment, in the regions approved for US user data (from
// the pack's settings, by region key), each one a statement the pack itself can read.

const COMPARTMENT = "ocid1.compartment.oc1..staging";
const keys = ociUsRegionKeys(DEFAULT_SETTINGS).map((r) => r.key);

describe("OCI guardrail statements", () => {
    it("take the OCI regions approved for US user data from the pack's settings, as IAM region keys", () => {
        expect(keys).toEqual(["iad", "phx"]);
        const chicago = parseSettings({ approvedLocations: { "us-user-data": ["oci:us-chicago-1", "aws:us-east-1"] } }, []).settings;
        expect(ociUsRegionKeys(chicago).map((r) => r.key)).toEqual(["ord"]);
        expect(() => ociUsRegionKeys(parseSettings({ approvedLocations: { "us-user-data": ["*"] } }, []).settings)).toThrow(/every location/);
    });

    it("confine a stack's deployer to its compartment and the approved regions; identity writes to the home region", () => {
        const statements = deployerStatements({ group: "residency-deployers-us-staging", compartmentId: COMPARTMENT, regionKeys: keys, homeRegionKey: "iad" });
        expect(statements).toEqual([
            `Allow group residency-deployers-us-staging to manage buckets in compartment id ${COMPARTMENT} where any {request.region = 'iad', request.region = 'phx'}`,
            `Allow group residency-deployers-us-staging to manage vaults in compartment id ${COMPARTMENT} where any {request.region = 'iad', request.region = 'phx'}`,
            `Allow group residency-deployers-us-staging to manage keys in compartment id ${COMPARTMENT} where any {request.region = 'iad', request.region = 'phx'}`,
            `Allow group residency-deployers-us-staging to use key-delegate in compartment id ${COMPARTMENT} where any {request.region = 'iad', request.region = 'phx'}`,
            `Allow group residency-deployers-us-staging to manage dns in compartment id ${COMPARTMENT} where any {request.region = 'iad', request.region = 'phx'}`,
            "Allow group residency-deployers-us-staging to manage groups in tenancy where all {request.region = 'iad', target.group.name != 'Administrators'}",
            "Allow group residency-deployers-us-staging to manage policies in tenancy where request.region = 'iad'",
            "Allow group residency-deployers-us-staging to manage tenancies in tenancy where request.region = 'iad'",
        ]);
        expect(statements.join("\n")).not.toMatch(/objects|object-family/);
        for (const s of statements) {
            const parsed = parseOciStatement(s);
            expect(parsed?.subjects).toEqual(["residency-deployers-us-staging"]);
            if (parsed!.location !== "tenancy") expect(parsed!.conditions).toBe("any {request.region = 'iad', request.region = 'phx'}");
        }
    });

    it("let the previewer read metadata only, never objects", () => {
        const statements = previewerStatements("residency-previewers", [COMPARTMENT], keys);
        const parsed = statements.map((s) => parseOciStatement(s)!);
        expect(parsed.map((p) => `${p.verb} ${p.resourceType}`)).toEqual(["read buckets", "read vaults", "read keys", "read dns", "inspect compartments"]);
        expect(statements.join("\n")).not.toMatch(/objects|object-family|manage|use /);
    });

    it("refuse what would break a statement: a group name with spaces, a compartment that is not an OCID, no region", () => {
        expect(() =>
            deployerStatements({ group: "x to manage all-resources in tenancy //", compartmentId: COMPARTMENT, regionKeys: keys, homeRegionKey: "iad" }),
        ).toThrow(/may only hold/);
        expect(() => previewerStatements("g", ["tenancy"], keys)).toThrow(/not an OCID/);
        expect(() => regionCondition([])).toThrow(/no OCI region/);
    });

    it("back them with a tenancy deny: nothing in any other region, for anyone", () => {
        expect(tenancyDenyStatements(keys)).toEqual([
            "Deny any-user to manage all-resources in tenancy where all {request.region != 'iad', request.region != 'phx'}",
        ]);
        expect(tenancyDenyStatements(["iad"])).toEqual(["Deny any-user to manage all-resources in tenancy where request.region != 'iad'"]);
    });
});
