/**
 * The inputs of a resource type, typed from the SDK's own `<Resource>Args` (and `ProviderArgs`): a type token
 * (`aws:s3/bucket:Bucket`) names the class of the pinned SDK that registers it (`aws.s3.Bucket`), whose
 * constructor takes those args. Types only: nothing of the SDKs is loaded. Each `pulumi.Input<T>` also takes a
 * DSL `Output`, which the graph builder resolves to its preview value and edges.
 */
import type * as pulumi from "@pulumi/pulumi";
import type * as aws from "@pulumi/aws";
import type * as oci from "@pulumi/oci";
import type * as random from "@pulumi/random";
import type { Output } from "./stack";

type Aws = typeof aws;
type Oci = typeof oci;
type Random = typeof random;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any constructor's trailing parameters
type ArgsOf<C> = C extends abstract new (name: string, args: infer A, ...rest: any[]) => unknown ? NonNullable<A> : never;

/** The SDK's args type for a type token of @pulumi/aws, @pulumi/oci or @pulumi/random; `never` for a token none of them has. */
export type SdkArgsOf<T extends string> = T extends `aws:${infer M}/${string}:${infer C}`
    ? M extends "index"
        ? C extends keyof Aws
            ? ArgsOf<Aws[C]>
            : never
        : M extends keyof Aws
          ? C extends keyof Aws[M]
              ? ArgsOf<Aws[M][C]>
              : never
          : never
    : T extends `oci:${infer M}/${string}:${infer C}`
      ? Lowercase<M> extends keyof Oci
          ? C extends keyof Oci[Lowercase<M>]
              ? ArgsOf<Oci[Lowercase<M>][C]>
              : never
          : never
      : T extends `random:index/${string}:${infer C}`
        ? C extends keyof Random
            ? ArgsOf<Random[C]>
            : never
        : never;

/** A token of a package the SDK types cover: a token of these packages that names no class is an error. */
type SdkPackageToken = `aws:${string}` | `oci:${string}` | `random:${string}`;

type Plain<T> = T extends pulumi.OutputInstance<infer U> ? U : T extends PromiseLike<infer U> ? U : T;
type DslValue<T> = T extends string | number | boolean | null | undefined
    ? T
    : T extends readonly (infer E)[]
      ? DslInput<E>[]
      : T extends object
        ? { [K in keyof T]?: DslInput<T[K]> }
        : T;

/** What the DSL takes where the SDK takes `pulumi.Input<T>`: the value, or an `Output` of another resource. */
export type DslInput<T> = Output | DslValue<Plain<T>>;

/** The inputs the DSL takes for a resource of type `T`: its SDK args for a type of a covered package; any inputs otherwise (dynamic providers, other packages). */
export type InputsOf<T extends string> = T extends SdkPackageToken ? { [K in keyof SdkArgsOf<T>]?: DslInput<SdkArgsOf<T>[K]> } : Record<string, unknown>;

/** The inputs of an explicit provider of `pkg`. */
export type ProviderInputsOf<P extends "aws" | "oci"> = {
    [K in keyof (P extends "aws" ? aws.ProviderArgs : oci.ProviderArgs)]?: DslInput<(P extends "aws" ? aws.ProviderArgs : oci.ProviderArgs)[K]>;
};
