// The reviewed category of every resource type of @pulumi/random. `npm run catalogue` adds new types here
// marked UNREVIEWED; a person confirms or changes each one (README: "Classifying a resource type").
import type { CatalogueTable } from "./entry";

// prettier-ignore
export const RANDOM_TYPES: CatalogueTable = {
    "random:index/randomBytes:RandomBytes": ["neutral"],
    "random:index/randomId:RandomId": ["neutral"],
    "random:index/randomInteger:RandomInteger": ["neutral"],
    "random:index/randomPassword:RandomPassword": ["neutral"],
    "random:index/randomPet:RandomPet": ["neutral"],
    "random:index/randomShuffle:RandomShuffle": ["neutral"],
    "random:index/randomString:RandomString": ["neutral"],
    "random:index/randomUuid4:RandomUuid4": ["neutral"],
    "random:index/randomUuid7:RandomUuid7": ["neutral"],
    "random:index/randomUuid:RandomUuid": ["neutral"],
};
