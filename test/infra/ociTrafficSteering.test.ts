import * as oci from "@pulumi/oci";
import { OCI_US_POOL, OciTrafficSteering, type OciTrafficSteeringArgs, US_GEO_KEY } from "../../infra/components/ociTrafficSteering";
import { capture, type Capture } from "./harness";

const ENDPOINTS = ["192.0.2.10", "192.0.2.11"];
const baseArgs: OciTrafficSteeringArgs = {
    compartmentId: "ocid1.compartment.oc1..c",
    zoneName: "us.example.com",
    hostLabel: "app",
    ociUsEndpoints: ENDPOINTS,
};

function program(overrides: Partial<OciTrafficSteeringArgs> = {}) {
    return () => {
        const provider = new oci.Provider("oci-primary", { region: "us-ashburn-1" });
        new OciTrafficSteering("traffic", { ...baseArgs, ...overrides }, { provider });
    };
}

describe("residency:oci:TrafficSteering", () => {
    let c: Capture;
    beforeAll(async () => {
        c = await capture(program());
    });

    it("registers the component type", () => {
        expect(c.one("residency:oci:TrafficSteering").name).toBe("traffic");
    });

    it("answers only with the configured OCI US endpoints", () => {
        const policy = c.one("oci:Dns/steeringPolicy:SteeringPolicy");
        expect(policy.inputs.template).toBe("ROUTE_BY_GEO");
        const answers: Array<Record<string, unknown>> = policy.inputs.answers;
        expect(answers.map((a) => a.rdata)).toEqual(ENDPOINTS);
        for (const a of answers) expect(a).toMatchObject({ rtype: "A", pool: OCI_US_POOL });
    });

    it("steers queries from the United States to the OCI US pool", () => {
        const rules: Array<Record<string, any>> = c.one("oci:Dns/steeringPolicy:SteeringPolicy").inputs.rules;
        expect(rules.map((r) => r.ruleType)).toEqual(["FILTER", "PRIORITY", "LIMIT"]);
        expect(rules[0]!.defaultAnswerDatas).toEqual([{ answerCondition: "answer.isDisabled != true", shouldKeep: true }]);
        const cases: Array<Record<string, any>> = rules[1]!.cases;
        expect(cases).toHaveLength(1);
        expect(cases[0]!.caseCondition).toBe(`query.client.geoKey in (geoKey '${US_GEO_KEY}')`);
        expect(cases[0]!.answerDatas).toEqual([{ answerCondition: `answer.pool == '${OCI_US_POOL}'`, value: 1 }]);
        // Every answer condition selects the OCI US pool.
        const conditions = rules.flatMap((r) => [...(r.cases ?? []).flatMap((k: any) => k.answerDatas ?? []), ...(r.defaultAnswerDatas ?? [])]);
        for (const d of conditions.filter((d) => d.answerCondition?.includes("answer.pool"))) {
            expect(d.answerCondition).toBe(`answer.pool == '${OCI_US_POOL}'`);
        }
    });

    it("attaches the policy to <label>.<zone> in the zone it creates", () => {
        const zone = c.one("oci:Dns/zone:Zone");
        expect(zone.inputs).toMatchObject({ name: "us.example.com", zoneType: "PRIMARY" });
        const attachment = c.one("oci:Dns/steeringPolicyAttachment:SteeringPolicyAttachment");
        expect(attachment.inputs).toMatchObject({
            domainName: "app.us.example.com",
            zoneId: "ocid1.dns-zone.oc1..traffic-zone",
            steeringPolicyId: "ocid1.dns-steer-policy.oc1..traffic-policy",
        });
    });

    it("uses the explicit OCI provider", () => {
        for (const r of c.resources.filter((r) => r.custom && r.type.startsWith("oci:"))) {
            expect([r.name, c.providerRegion(r)]).toEqual([r.name, "us-ashburn-1"]);
        }
    });
});

describe("residency:oci:TrafficSteering guards", () => {
    it("needs at least one endpoint", async () => {
        await expect(capture(program({ ociUsEndpoints: [] }))).rejects.toThrow(/at least one OCI US endpoint/);
    });

    it("rejects endpoints that are not IPv4 addresses", async () => {
        await expect(capture(program({ ociUsEndpoints: ["app.aws.example.com"] }))).rejects.toThrow(/not IPv4 addresses: app.aws.example.com/);
    });
});
