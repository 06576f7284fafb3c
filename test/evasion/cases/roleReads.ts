/**
 * Code that runs as a role which may read US user data: nothing in the function's, the task's or the instance's own
 * inputs names the US store, only the policies of the role it runs as. The role carries what it may read to what
 * runs as it, which is then judged by where it is and what it names.
 */
import { awsAway, awsHome, bucket, dynamoTable, ec2Instance, iamRole } from "../dsl/blocks";
import { evasion, type EvasionCase } from "../dsl/evasionCase";
import type { InputsOf } from "../dsl/sdkTypes";
import { derived, Output, type Res, type Stack, UNKNOWN } from "../dsl/stack";

/** A policy document allowing `actions` on `resource`: built from an output, its text is not known at preview. */
const readPolicy = (actions: string[], resource: string | Output) =>
    resource instanceof Output
        ? derived(UNKNOWN, ...resource.from)
        : JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: actions, Resource: resource }] });

/** A Python Lambda named `name` that runs as `role`, through `provider`, with `extra` inputs (its environment, its tags). */
function lambdaAs(s: Stack, name: string, role: Res, provider: Res, extra: InputsOf<"aws:lambda/function:Function"> = {}): Res {
    return s.add(
        "aws:lambda/function:Function",
        name,
        { name, role: role.arn, runtime: "python3.12", handler: "app.handler", s3Bucket: "acme-artifacts", s3Key: `${name}.zip`, ...extra },
        { provider },
    );
}

export const roleReads: EvasionCase[] = [
    evasion({
        id: "function-runs-as-role-that-reads-us-bucket",
        how: "a us-east-1 Lambda whose environment names only a bucket elsewhere, running as a role whose policy lets it read the US bucket",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const users = bucket(s, "users", va, key);
            const { far, farKey } = awsAway(s, w.aws);
            bucket(s, "exports", far, farKey, w.label);
            const role = iamRole(s, "exporter", "lambda.amazonaws.com");
            s.add("aws:iam/rolePolicy:RolePolicy", "exporter-read", {
                role: role.out("name"),
                policy: derived(
                    JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::acme-users/*"] }],
                    }),
                    users,
                ),
            });
            lambdaAs(s, "exporter", role, va, { environment: { variables: { TARGET_BUCKET: "acme-exports" } } });
        },
        offenders: ["exporter", "exports"],
    }),
    evasion({
        id: "instance-abroad-runs-as-profile-whose-role-reads-us-table",
        how: "an EC2 instance in another region with an instance profile whose role's policy lets it scan the US table, named by its ARN (not known at preview)",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const users = dynamoTable(s, "users", va, key);
            const { far, farKey } = awsAway(s, w.aws);
            const role = iamRole(s, "reporter", "ec2.amazonaws.com");
            s.add("aws:iam/rolePolicy:RolePolicy", "reporter-read", { role: role.out("name"), policy: readPolicy(["dynamodb:Scan"], users.arn) });
            const profile = s.add("aws:iam/instanceProfile:InstanceProfile", "reporter", { name: "reporter", role: role.out("name") });
            ec2Instance(s, "reporter", far, farKey, w.label, { iamInstanceProfile: profile.out("name") });
        },
        offenders: ["reporter"],
    }),
    evasion({
        id: "function-abroad-runs-as-role-with-managed-policy-on-every-table",
        how: "a Lambda in another region running as a role given, by attachment, a managed policy that allows any DynamoDB action on every table",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            dynamoTable(s, "users", va, key);
            const far = s.aws(w.aws);
            const role = iamRole(s, "reader", "lambda.amazonaws.com");
            const policy = s.add("aws:iam/policy:Policy", "every-table", { name: "every-table", policy: readPolicy(["dynamodb:*"], "*") });
            s.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "reader-every-table", { role: role.out("name"), policyArn: policy.arn });
            lambdaAs(s, "reader", role, far, { tags: w.label });
        },
        offenders: ["reader"],
    }),
    evasion({
        id: "function-abroad-runs-as-role-that-may-assume-a-us-reader",
        how: "a Lambda in another region running as a role whose policy lets it assume a second role, which may read the US bucket",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const users = bucket(s, "users", va, key);
            const far = s.aws(w.aws);
            const worker = iamRole(s, "worker", "lambda.amazonaws.com");
            const reader = iamRole(s, "reader", "lambda.amazonaws.com");
            s.add("aws:iam/rolePolicy:RolePolicy", "reader-read", { role: reader.out("name"), policy: readPolicy(["s3:GetObject"], users.arn) });
            s.add("aws:iam/rolePolicy:RolePolicy", "worker-assume", { role: worker.out("name"), policy: readPolicy(["sts:AssumeRole"], reader.arn) });
            lambdaAs(s, "job", worker, far, { tags: w.label });
        },
        offenders: ["job"],
    }),
];
