// The resource types proven inert: the only types that stop taint. A type belongs here only when it cannot
// store, cache, forward, deliver, route, log, export or replicate data, and cannot invoke anything that does,
// whatever its arguments say (read them in the provider's docs, not the type's name). Every other type a class
// reaches takes that class and is judged by where it is and where it sends. A wrong entry here would let data
// pass silently, so each carries its reason, and test/catalogue checks each one against the installed SDK: the
// type exists, is not data-bearing in the catalogue, and no argument's name or doc names a place data can go,
// but for the arguments listed in INERT_ARGUMENTS_READ, each with why it is not one (README: "Classifying a
// resource type").
//
// Not here on purpose: grants of any kind (IAM, bucket policies and ACLs, security groups, network ACLs), because
// a grant is how code reaches data and taint must cross it; subnets and subnet groups, which place what runs in
// them (Local Zones, Outposts); parameter and option groups, which can turn on logging and replication; tags and
// tag defaults, which store values; key aliases and encryption settings, which name keys.

/** Why the arguments whose name or doc the review flagged are not places data can go: type -> argument path -> why. */
export const INERT_ARGUMENTS_READ: Readonly<Record<string, Readonly<Record<string, string>>>> = (() => {
    const subject = "names the bucket it configures, not a destination";
    const owner = "the account expected to own the bucket; a request check";
    const sameBucket = "about objects that stay in the same bucket";
    const flag = "a switch that can only block public access";
    const storageClass = "a storage class of the same bucket in the same region (GLACIER, STANDARD_IA...); data stays in the bucket";
    const lifecycle = {
        bucket: subject,
        expectedBucketOwner: owner,
        rules: "the doc says 'replication' by mistake: lifecycle rules only expire objects or change their storage class",
        "rules.abortIncompleteMultipartUpload": "removes unfinished uploads from the bucket",
        "rules.abortIncompleteMultipartUpload.daysAfterInitiation": "a number of days",
        "rules.expiration.expiredObjectDeleteMarker": "removes delete markers from the bucket",
        "rules.noncurrentVersionExpiration.newerNoncurrentVersions": "a number of versions to keep",
        "rules.noncurrentVersionExpiration.noncurrentDays": "a number of days",
        "rules.noncurrentVersionTransitions.newerNoncurrentVersions": "a number of versions to keep",
        "rules.noncurrentVersionTransitions.noncurrentDays": "a number of days",
        "rules.noncurrentVersionTransitions.storageClass": storageClass,
        "rules.prefix": "selects objects of the bucket by key prefix",
        "rules.transitions": storageClass,
        "rules.transitions.days": "a number of days",
        "rules.transitions.storageClass": storageClass,
        "rules.filter.and.objectSizeGreaterThan": "a size in bytes that selects objects",
        "rules.filter.and.objectSizeLessThan": "a size in bytes that selects objects",
        "rules.filter.objectSizeGreaterThan": "a size in bytes that selects objects",
        "rules.filter.objectSizeLessThan": "a size in bytes that selects objects",
        "rules.filter.tag.value": "a tag value that selects objects of the bucket",
        transitionDefaultMinimumObjectSize: "the smallest object size that transitions; a setting",
    };
    const objectLock = {
        bucket: subject,
        expectedBucketOwner: owner,
        objectLockEnabled: sameBucket,
        "rule.defaultRetention": sameBucket,
        "rule.defaultRetention.mode": "COMPLIANCE or GOVERNANCE retention of objects in the same bucket",
        token: "a token that allows enabling Object Lock on the bucket",
    };
    const versioning = {
        bucket: subject,
        expectedBucketOwner: owner,
        "versioningConfiguration.mfaDelete": "requires MFA to delete versions",
        "versioningConfiguration.status": "keeps earlier versions of objects in the same bucket",
    };
    const requestPayment = { bucket: subject, expectedBucketOwner: owner };
    const vpcDns = {
        enableDnsHostnames: "gives instances DNS names inside the VPC",
        enableDnsSupport: "turns on the Amazon-provided resolver inside the VPC",
        enableNetworkAddressUsageMetrics: "publishes a count of the VPC's used addresses",
    };
    const vcnDns = { dnsLabel: "a label for the VCN's internal DNS names" };
    return {
        "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock": {
            blockPublicAcls: flag,
            blockPublicPolicy: flag,
            ignorePublicAcls: flag,
            restrictPublicBuckets: flag,
        },
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": {
            blockPublicAcls: flag,
            blockPublicPolicy: flag,
            bucket: subject,
            ignorePublicAcls: flag,
            restrictPublicBuckets: flag,
            skipDestroy: "keeps the block when the resource is deleted",
        },
        "aws:s3/bucketVersioning:BucketVersioning": versioning,
        "aws:s3/bucketVersioningV2:BucketVersioningV2": versioning,
        "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration": objectLock,
        "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2": objectLock,
        "aws:s3/bucketRequestPaymentConfiguration:BucketRequestPaymentConfiguration": requestPayment,
        "aws:s3/bucketRequestPaymentConfigurationV2:BucketRequestPaymentConfigurationV2": requestPayment,
        "aws:s3/bucketIntelligentTieringConfiguration:BucketIntelligentTieringConfiguration": {
            bucket: subject,
            filter: "selects objects of the bucket by prefix and tags",
            name: "the configuration's name",
            tierings: "archive access tiers of the same bucket in the same region",
            "tierings.accessTier": "ARCHIVE_ACCESS or DEEP_ARCHIVE_ACCESS tier of the same bucket",
        },
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": lifecycle,
        "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2": lifecycle,
        "aws:ec2/vpc:Vpc": vpcDns,
        "aws:ec2/defaultVpc:DefaultVpc": vpcDns,
        "oci:Core/vcn:Vcn": vcnDns,
        "oci:Core/virtualNetwork:VirtualNetwork": vcnDns,
        "aws:acm/certificateValidation:CertificateValidation": {
            certificateArn: "names the certificate whose validation it waits for",
            validationRecordFqdns: "DNS names ACM looks up to see that the validation records exist; nothing is sent to them",
        },
        "random:index/randomId:RandomId": { prefix: "a string put in front of the result; the doc's 'URL-safe' is about its encoding" },
    };
})();

const RANDOM = "generates a value from its own settings; keepers only decide when it is generated again; takes no data and sends none";

// prettier-ignore
export const PROVEN_INERT: Readonly<Record<string, string>> = {
    "aws:acm/certificateValidation:CertificateValidation": "waits until ACM has validated a certificate (a step of the workflow, not an AWS resource); holds nothing and sends nothing",
    "aws:ebs/encryptionByDefault:EncryptionByDefault": "a switch that makes new EBS volumes of the region encrypted; holds and sends nothing",
    "aws:ebs/snapshotBlockPublicAccess:SnapshotBlockPublicAccess": "a switch that blocks public sharing of the region's snapshots; it can only restrict",
    "aws:ec2/imageBlockPublicAccess:ImageBlockPublicAccess": "a switch that blocks public sharing of the region's AMIs; it can only restrict",
    "aws:ec2/defaultVpc:DefaultVpc": "an address space: holds no data and sends none; gateways, peerings, routes and endpoints (other types, none inert) carry its traffic",
    "aws:ec2/vpc:Vpc": "an address space: holds no data and sends none; gateways, peerings, routes and endpoints (other types, none inert) carry its traffic",
    "aws:iam/accountAlias:AccountAlias": "a name for the account's sign-in page",
    "aws:iam/accountPasswordPolicy:AccountPasswordPolicy": "password rules for IAM users; it can only restrict",
    "aws:networkmanager/globalNetwork:GlobalNetwork": "a container for core networks and registered transit gateways; those route, it does not",
    "aws:organizations/organizationalUnit:OrganizationalUnit": "a folder of accounts; policies attached to it are other types",
    "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock": "four switches that block public ACLs and policies on the account's buckets; they can only restrict",
    "aws:s3/bucketIntelligentTieringConfiguration:BucketIntelligentTieringConfiguration": "moves objects between archive tiers of the same bucket in the same region",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": "expires objects of the bucket or changes their storage class in the same bucket and region; copies nothing out",
    "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2": "expires objects of the bucket or changes their storage class in the same bucket and region; copies nothing out",
    "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration": "retention rules for objects of the same bucket",
    "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2": "retention rules for objects of the same bucket",
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": "four switches that block public ACLs and policies on the bucket; they can only restrict",
    "aws:s3/bucketRequestPaymentConfiguration:BucketRequestPaymentConfiguration": "says who pays for the bucket's requests",
    "aws:s3/bucketRequestPaymentConfigurationV2:BucketRequestPaymentConfigurationV2": "says who pays for the bucket's requests",
    "aws:s3/bucketVersioning:BucketVersioning": "keeps earlier versions of objects in the same bucket",
    "aws:s3/bucketVersioningV2:BucketVersioningV2": "keeps earlier versions of objects in the same bucket",
    "oci:Audit/configuration:Configuration": "the retention period of the tenancy's audit log; a number",
    "oci:Core/vcn:Vcn": "an address space: holds no data and sends none; gateways, peerings, routes and DRGs (other types, none inert) carry its traffic",
    "oci:Core/virtualNetwork:VirtualNetwork": "an address space (the older name of a VCN): holds no data and sends none; gateways and routes carry its traffic",
    "oci:Identity/compartment:Compartment": "a folder for resources in every region; holds no data and sends none",
    "oci:ObjectStorage/namespaceMetadata:NamespaceMetadata": "the default compartments of the S3 and Swift compatibility APIs",
    "random:index/randomBytes:RandomBytes": RANDOM,
    "random:index/randomId:RandomId": `${RANDOM}; its prefix is put in front of the result`,
    "random:index/randomInteger:RandomInteger": RANDOM,
    "random:index/randomPassword:RandomPassword": RANDOM,
    "random:index/randomPet:RandomPet": `${RANDOM}; its prefix is put in front of the result`,
    "random:index/randomString:RandomString": RANDOM,
    "random:index/randomUuid:RandomUuid": RANDOM,
    "random:index/randomUuid4:RandomUuid4": RANDOM,
    "random:index/randomUuid7:RandomUuid7": RANDOM,
};
