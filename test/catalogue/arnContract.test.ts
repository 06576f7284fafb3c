/**
 * The second pass makes up an ARN for every AWS resource with an `arn` output (tools/preview/shapes), and the pack
 * reads ARNs to find what they name (policies/model/arn.ts). The two must agree: a made-up ARN the pack cannot read
 * as its own type's makes a literal ARN of that resource, written in the program, name something outside the stack.
 */
import { AWS_TYPES } from "../../policies/model/catalogue/aws";
import { arnCanName, parseArn } from "../../policies/model/arn";
import { awsArnOf, awsIdOf, tokenParts } from "../../tools/preview/shapes/resourceIdentity";
import { outputProperties, packageDir, sdkTypes } from "../../tools/catalogue/sdkTypes";

/** Types whose ARN does not name them by the usual `<type>/<name>` reading, and why that is right. */
const EXCEPTIONS: Record<string, string> = {
    "aws:lambda/alias:Alias": "an alias's ARN (`function:<function>:<alias>`) names its function; the alias is found by its own known ARN",
    "aws:s3/accessPoint:AccessPoint": "an access point is reached through its bucket's policies; its ARN is a regional S3 ARN the pack reads as a place",
    "aws:s3/filesAccessPoint:FilesAccessPoint": "S3 Files access points: regional S3 ARNs, read as a place",
    "aws:s3/filesFileSystem:FilesFileSystem": "S3 Files file systems: regional S3 ARNs, read as a place",
    "aws:s3/objectCopy:ObjectCopy": "an object copy is found by its bucket and key, never by an ARN of its own",
};

test("every made-up ARN of an AWS type with an `arn` output names its own type, but for the listed exceptions", () => {
    const pkgDir = packageDir("@pulumi/aws");
    const withArn = sdkTypes(pkgDir)
        .filter((t) => Object.hasOwn(AWS_TYPES, t.token) && outputProperties(pkgDir, t).includes("arn"))
        .map((t) => t.token);
    expect(withArn.length).toBeGreaterThan(500);
    const unread = withArn.filter((type) => {
        const { pkg, module, typeName } = tokenParts(type);
        const place = { region: "us-east-1", account: "111122223333" };
        const owner = { token: type, pkg, module, typeName, cloud: "aws" as const, place, logicalName: "r", physicalName: "r-1234", seed: type, inputs: {} };
        const arn = parseArn(awsArnOf({ ...owner, id: awsIdOf(owner) }));
        return !arn || !arnCanName(arn, type);
    });
    expect(unread.sort()).toEqual(Object.keys(EXCEPTIONS).sort());
});
