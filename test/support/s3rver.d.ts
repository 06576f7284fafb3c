// s3rver 3.7 ships no type declarations: the part of its API the tests use.
declare module "s3rver" {
    import type { AddressInfo } from "node:net";
    interface S3rverOptions {
        port?: number;
        address?: string;
        silent?: boolean;
        directory: string;
    }
    export default class S3rver {
        constructor(options: S3rverOptions);
        run(): Promise<AddressInfo>;
        close(): Promise<void>;
    }
}
