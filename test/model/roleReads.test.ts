/**
 * What a role of the stack may read, by the identity policies it holds (policies/model/roleReads.ts): the stores the
 * model then lets flow into whatever runs as that role.
 */
import type { ModelResource } from "../../policies/model/graph";
import { roleAssumptions, roleReads } from "../../policies/model/roleReads";
import { buildStackModel } from "../../policies/model/stackModel";
import { UNKNOWN_SENTINEL } from "../../policies/model/unknown";
import { resource } from "./modelResources";

const users = resource("aws:s3/bucket:Bucket", "users", { bucket: "acme-users", arn: "arn:aws:s3:::acme-users" });
const table = resource("aws:dynamodb/table:Table", "orders", { name: "orders", arn: "arn:aws:dynamodb:us-east-1:111122223333:table/orders" });
const key = resource("aws:kms/key:Key", "data", { arn: "arn:aws:kms:us-east-1:111122223333:key/1234" });
const doc = (Action: string | string[], Resource: string | string[]) =>
    JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action, Resource }] });
const role = (extra: Record<string, unknown> = {}) => resource("aws:iam/role:Role", "app", { name: "app-role", assumeRolePolicy: "{}", ...extra }, undefined);
const rolePolicy = (policy: string, props: Record<string, unknown> = { role: "app-role" }, extra: Partial<ModelResource> = {}) =>
    resource("aws:iam/rolePolicy:RolePolicy", "app-policy", { policy, ...props }, undefined, extra);

/** "role-name <- store-name" for each read. */
function reads(resources: ModelResource[]): string[] {
    return roleReads(buildStackModel([users, table, key, ...resources]))
        .map((r) => `${r.role.name} <- ${r.store.name}`)
        .sort();
}

describe("the stores a role may read", () => {
    const app = role();
    test.each<[string, ModelResource[], string[]]>([
        [
            "its own inline policy, by the bucket's ARN",
            [role({ inlinePolicies: [{ name: "read", policy: doc("s3:GetObject", "arn:aws:s3:::acme-users/*") }] })],
            ["app <- users"],
        ],
        [
            "a role policy naming the role",
            [app, rolePolicy(doc("dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:111122223333:table/orders"))],
            ["app <- orders"],
        ],
        [
            "a role policy whose role is not known at preview, built from the role",
            [
                app,
                rolePolicy(
                    doc("s3:GetObject", "arn:aws:s3:::acme-users/*"),
                    { role: UNKNOWN_SENTINEL },
                    { propertyDependencies: { role: [{ urn: app.urn }] } },
                ),
            ],
            ["app <- users"],
        ],
        ["actions that only add to a store", [app, rolePolicy(doc(["s3:PutObject", "sqs:SendMessage"], "*"))], []],
        ["any DynamoDB action on every resource: every table, no bucket", [app, rolePolicy(doc("dynamodb:*", "*"))], ["app <- orders"]],
        ["'*' on every resource: every store", [app, rolePolicy(doc("*", "*"))], ["app <- orders", "app <- users"]],
        [
            "a managed policy attached to the role by name",
            [
                app,
                resource(
                    "aws:iam/policy:Policy",
                    "readers",
                    { name: "readers", arn: "arn:aws:iam::111122223333:policy/readers", policy: doc("s3:Get*", "arn:aws:s3:::acme-*") },
                    undefined,
                ),
                resource(
                    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                    "attach",
                    { role: "app-role", policyArn: "arn:aws:iam::111122223333:policy/readers" },
                    undefined,
                ),
            ],
            ["app <- users"],
        ],
        [
            "a document not known at preview, built from the table",
            [app, rolePolicy(UNKNOWN_SENTINEL, { role: "app-role" }, { propertyDependencies: { policy: [{ urn: table.urn }] } })],
            ["app <- orders"],
        ],
        ["a document not known at preview, built from no store (left to the run with every value known)", [app, rolePolicy(UNKNOWN_SENTINEL)], []],
        ["a policy held by no role of the stack", [app, rolePolicy(doc("s3:GetObject", "*"), { role: "someone-else" })], []],
    ])("%s", (_what, resources, expected) => {
        expect(reads(resources)).toEqual(expected);
    });
});

describe("what runs as a role carries what the role may read", () => {
    test("a function in Singapore running as a role that may read the US bucket holds US user data", () => {
        const app = role();
        const fn = resource(
            "aws:lambda/function:Function",
            "exporter",
            { role: "arn:aws:iam::111122223333:role/app-role" },
            { type: "pulumi:providers:aws", name: "singapore", urn: "urn:p:singapore", props: { region: "ap-southeast-1" } },
            { propertyDependencies: { role: [{ urn: app.urn }] } },
        );
        const labelled = { ...users, props: { ...(users.props as Record<string, unknown>), tags: { "data-class": "us-user-data" } } };
        const model = buildStackModel([labelled, app, rolePolicy(doc("s3:GetObject", "arn:aws:s3:::acme-users/*")), fn]);
        const facts = model.facts.get(fn.urn)!;
        expect(facts.effectiveClass).toBe("us-user-data");
    });
});

describe("which role may become which", () => {
    const worker = resource("aws:iam/role:Role", "worker", { name: "worker", assumeRolePolicy: "{}" }, undefined);
    const trusting = (principal: unknown) =>
        resource(
            "aws:iam/role:Role",
            "reader",
            { name: "reader", assumeRolePolicy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: principal, Action: "sts:AssumeRole" }] }) },
            undefined,
        );
    const reader = trusting({ Service: "lambda.amazonaws.com" });
    const workerPolicy = (Action: string, Resource: string) =>
        resource("aws:iam/rolePolicy:RolePolicy", "worker-policy", { role: "worker", policy: doc(Action, Resource) }, undefined);
    const assumptions = (resources: ModelResource[]) =>
        roleAssumptions({ index: buildStackModel(resources).index })
            .map((a) => `${a.role.name} -> ${a.assumes.name}`)
            .sort();

    test.each<[string, ModelResource[], string[]]>([
        ["a trust policy naming the role by ARN", [worker, trusting({ AWS: "arn:aws:iam::111122223333:role/worker" })], ["worker -> reader"]],
        ["a trust policy open to every principal", [worker, trusting("*")], ["worker -> reader"]],
        ["a trust policy of a service only", [worker, reader], []],
        [
            "an identity policy allowing sts:AssumeRole on the role",
            [worker, reader, workerPolicy("sts:AssumeRole", "arn:aws:iam::111122223333:role/reader")],
            ["worker -> reader"],
        ],
        ["an identity policy allowing sts:AssumeRole on any role", [worker, reader, workerPolicy("sts:Assume*", "*")], ["worker -> reader"]],
        ["another sts action on every resource", [worker, reader, workerPolicy("sts:GetWebIdentityToken", "*")], []],
    ])("%s", (_what, resources, expected) => {
        expect(assumptions(resources)).toEqual(expected);
    });
});
