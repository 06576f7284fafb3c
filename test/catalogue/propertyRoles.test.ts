import { propertyRoleProblems } from "../../tools/catalogue/propertyRoles";
import { RESOURCE_POLICY_TABLES } from "../../policies/model/resourcePolicies";
import { POLICY_ATTACHMENT_TABLE } from "../../policies/model/awsIdentityPolicies";
import { KEY_POLICY_TABLE } from "../../policies/model/awsKeyPolicies";
import { ARN_INPUTS } from "../../policies/model/graph";
import { inputProperties, packageDir, sdkTypes } from "../../tools/catalogue/sdkTypes";

describe("the property-role tables (policies/model/propertyRoles.ts)", () => {
    it("name only resource types of the installed SDKs and their input arguments, each with a reason", () => {
        expect(propertyRoleProblems()).toEqual([]);
    });

    it("and so do the stores' resource policies (policies/model/resourcePolicies.ts)", () => {
        expect(propertyRoleProblems(RESOURCE_POLICY_TABLES)).toEqual([]);
    });

    it("and so do the managed-policy attachments and group memberships that name holders (policies/model/awsIdentityPolicies.ts)", () => {
        expect(propertyRoleProblems(POLICY_ATTACHMENT_TABLE)).toEqual([]);
    });

    it("and so do the key policies and grants of KMS keys (policies/model/awsKeyPolicies.ts)", () => {
        expect(propertyRoleProblems(KEY_POLICY_TABLE)).toEqual([]);
    });

    it.each<[string, Record<string, { props: string[]; reason: string }>, RegExp]>([
        ["a type that is not one", { "aws:s3/bucket:NoSuchType": { props: ["bucket"], reason: "a reason long enough" } }, /not a resource type/],
        ["a made-up argument", { "aws:acm/certificate:Certificate": { props: ["domainNames"], reason: "a reason long enough" } }, /no argument 'domainNames'/],
        [
            "a nested argument at the wrong depth",
            { "aws:lb/listenerRule:ListenerRule": { props: ["hostHeader"], reason: "a reason long enough" } },
            /no argument 'hostHeader'/,
        ],
        ["no reason", { "aws:cloudfront/distribution:Distribution": { props: ["aliases"], reason: "" } }, /has no reason/],
    ])("a wrong entry is caught: %s", (_what, entries, problem) => {
        expect(propertyRoleProblems({ TEST: entries }).join("\n")).toMatch(problem);
    });

    it.each<[string, Record<string, { props: string[]; reason: string }>, RegExp]>([
        ["an input", { "aws:apigateway/domainName:DomainName": { props: ["domainName"], reason: "a reason long enough" } }, /takes 'domainName' as an input/],
        ["not an output", { "aws:lb/loadBalancer:LoadBalancer": { props: ["dnsNames"], reason: "a reason long enough" } }, /has no output 'dnsNames'/],
    ])("an own address that is %s is caught", (_what, entries, problem) => {
        expect(propertyRoleProblems({ OWN_ADDRESSES: entries }).join("\n")).toMatch(problem);
    });
});

describe("identity inputs that name another resource (policies/model/graph.ts)", () => {
    it("ARN_INPUTS says, of every AWS resource type whose `arn` is an input argument, whether it names another resource", () => {
        const pkgDir = packageDir("@pulumi/aws");
        const withArnInput = sdkTypes(pkgDir)
            .filter((t) => inputProperties(pkgDir, t).includes("arn"))
            .map((t) => t.token);
        expect(withArnInput.length).toBeGreaterThan(0);
        expect(Object.keys(ARN_INPUTS).sort()).toEqual(withArnInput.sort());
    });
});
