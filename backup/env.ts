/** Environment variables the job component sets on the backup function and its handler reads. */
export const ENV = {
    writerRoleArn: "BACKUP_WRITER_ROLE_ARN",
    domainUrl: "OCI_IDENTITY_DOMAIN_URL",
    clientId: "OCI_TOKEN_EXCHANGE_CLIENT_ID",
    sourceKeySecret: "OCI_SOURCE_KEY_SECRET_OCID",
} as const;
