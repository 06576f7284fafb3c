export declare const REGION_BEARING_VARIABLES: readonly string[];
export declare function programEnvironment(env: NodeJS.ProcessEnv): { env: NodeJS.ProcessEnv; removed: string[] };
export declare function describeRemoved(removed: string[]): string;
