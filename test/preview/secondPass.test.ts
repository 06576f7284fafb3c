import { READ_EXISTING } from "../../tools/preview/readExisting";
import { seenOnlyInKnownPass, SeenApart } from "../../tools/preview/secondPass";

const urn = (type: string, name: string) => `urn:pulumi:test::p::${type}::${name}`;
const vpc = { urn: urn("aws:ec2/vpc:Vpc", "vpc"), type: "aws:ec2/vpc:Vpc", name: "vpc", id: "vpc-1" };
const subnet = { urn: urn("aws:ec2/subnet:Subnet", "subnet"), type: "aws:ec2/subnet:Subnet", name: "subnet", id: "subnet-1" };
const lb = { urn: urn("awsx:lb:ApplicationLoadBalancer", "lb"), type: "awsx:lb:ApplicationLoadBalancer", name: "lb" };
const none: SeenApart = { readExisting: [], remoteComponents: [] };

// What the engine records apart from the graph (existing resources read, multi-language components) and only the
// second pass saw: each read is a mandatory result, and each is a line of the partial verdict.
describe("what only the second pass saw apart from the graph", () => {
    it.each([
        { label: "a read in both passes", preview: { ...none, readExisting: [vpc] }, known: { ...none, readExisting: [vpc] }, results: [], partial: [] },
        {
            label: "a component in both passes",
            preview: { ...none, remoteComponents: [lb] },
            known: { ...none, remoteComponents: [lb] },
            results: [],
            partial: [],
        },
        {
            label: "a read only in the second pass",
            preview: { ...none, readExisting: [vpc] },
            known: { ...none, readExisting: [vpc, subnet] },
            results: [subnet.urn],
            partial: ["the state of existing resource 'subnet' (aws:ec2/subnet:Subnet), read with .get(), was not seen (second pass)"],
        },
        {
            label: "the same read twice in the second pass",
            preview: none,
            known: { ...none, readExisting: [subnet, subnet] },
            results: [subnet.urn],
            partial: ["the state of existing resource 'subnet' (aws:ec2/subnet:Subnet), read with .get(), was not seen (second pass)"],
        },
        {
            // Its registration is a resource only the second pass registered: that is already a mandatory result.
            label: "a component only in the second pass",
            preview: none,
            known: { ...none, remoteComponents: [lb] },
            results: [],
            partial: ["the children of multi-language component 'lb' (awsx:lb:ApplicationLoadBalancer) were not seen (second pass)"],
        },
    ])("$label", ({ preview, known, results, partial }) => {
        const seen = seenOnlyInKnownPass(preview, known);
        expect(seen.engineResults.map((r) => [r.policy, r.level, r.urn])).toEqual(results.map((u) => [READ_EXISTING, "mandatory", u]));
        for (const r of seen.engineResults) expect(r.message).toMatch(/^with every value known \(the second pass\): /);
        expect(seen.partial).toEqual(partial);
    });
});
