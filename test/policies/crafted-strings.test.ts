/**
 * Strings a program writes that were built to make the pack's parsing backtrack (an OCI statement, an IAM
 * `Resource` glob, a steering condition) are judged at once, through the compiled pack in memory, and still
 * judged: an unreadable statement is a violation, a reaching glob is one. No timing is asserted: the old
 * expressions took seconds to hours on these inputs, far beyond the test's timeout.
 */
import { analyze } from "../evasion/dsl/run";
import { awsHome, bucket, ociBucket, ociHome } from "../evasion/dsl/blocks";
import { Stack, TENANCY } from "../evasion/dsl/stack";

const ACCESS = "access-only-for-us-custodians";
const STEERING = "us-traffic-steered-to-oci";

describe("crafted strings in a program are judged in linear time", () => {
    it("an OCI statement of 20,000 tabs around many 'to's is an unreadable statement, a violation", async () => {
        const s = new Stack();
        const { ash, key } = ociHome(s);
        ociBucket(s, "us-users", ash, key);
        const statement = `Allow group${"\t".repeat(20_000)}a${"\tto\t".repeat(20_000)}x`;
        s.add(
            "oci:Identity/policy:Policy",
            "crafted",
            { compartmentId: TENANCY, name: "crafted", description: "x", statements: [statement] },
            { provider: ash },
        );
        const results = (await analyze(s)).filter((r) => r.policy === ACCESS && r.name === "crafted");
        expect(results.map((r) => r.level)).toEqual(["mandatory"]);
        expect(results[0].message).toMatch(/^statement 0 of OCI policy 'crafted' \("Allow group\t+"\) cannot be parsed as 'Allow <subject> to/);
    });

    it("an IAM Resource of thousands of stars against a long bucket name still reaches the US bucket", async () => {
        const s = new Stack();
        const { va, key } = awsHome(s);
        const name = `us-users-${"a".repeat(20_000)}`;
        bucket(s, name, va, key);
        const policy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::${"*a".repeat(3_000)}*` }] };
        s.add("aws:iam/policy:Policy", "crafted", { policy: JSON.stringify(policy) }, { provider: va });
        const glob = `arn:aws:s3:::${"*a".repeat(3_000)}*c`;
        s.add(
            "aws:iam/policy:Policy",
            "crafted-no-match",
            { policy: JSON.stringify({ ...policy, Statement: [{ ...policy.Statement[0], Resource: glob }] }) },
            { provider: va },
        );
        const results = (await analyze(s)).filter((r) => r.policy === ACCESS);
        const reaches = (policy: string) => results.find((r) => r.name === policy)?.message.includes(`'${name}'`);
        expect(reaches("crafted")).toBe(true);
        // A pattern that cannot be the US bucket still covers buckets outside the stack: a result, naming only those.
        expect(reaches("crafted-no-match")).toBe(false);
    });

    it("steering conditions with 200,000 spaces before a country code are read", async () => {
        const s = new Stack();
        const { ash, key } = ociHome(s);
        ociBucket(s, "us-users", ash, key);
        const steering = (name: string, caseCondition: string) =>
            s.add(
                "oci:Dns/steeringPolicy:SteeringPolicy",
                name,
                {
                    compartmentId: TENANCY,
                    displayName: name,
                    template: "CUSTOM",
                    answers: [{ name: "oci", rtype: "A", rdata: "192.0.2.10", pool: "oci" }],
                    rules: [{ ruleType: "FILTER", cases: [{ caseCondition, answerDatas: [{ answerCondition: "answer.pool == 'oci'", shouldKeep: true }] }] }],
                },
                { provider: ash },
            );
        steering("not-us", `query.client.geoKey countryCode ==${" ".repeat(200_000)}x`);
        steering("us", `query.client.geoKey countryCode ==${" ".repeat(200_000)}('US')`);
        const noUsCase = (await analyze(s)).filter((r) => r.policy === STEERING && r.message.includes("has no rule case for US users")).map((r) => r.name);
        expect(noUsCase).toEqual(["not-us"]);
    });
});
