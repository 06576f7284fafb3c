// The peer of `npm run bench`: @pulumi/awsguard's pack with all of its policies mandatory.
const { AwsGuard } = require("@pulumi/awsguard");

new AwsGuard({ all: "mandatory" });
