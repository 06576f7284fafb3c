/**
 * A query engine picks its sources by name at run time (policies/model/selectors.ts): an Athena workgroup may read
 * every table of its region's Data Catalog, so it carries the strictest class of those the stack has there.
 */
import { buildStackModel } from "../../policies/model/stackModel";
import { resource, singapore, virginia } from "./modelResources";

const usBucket = resource("aws:s3/bucket:Bucket", "users", { bucket: "acme-users", tags: { "data-class": "us-user-data" } });
const tableOver = (name: string, provider = virginia) =>
    resource("aws:glue/catalogTable:CatalogTable", name, { name, databaseName: "db", storageDescriptor: { location: "s3://acme-users/data/" } }, provider);
const workgroup = (provider = virginia) =>
    resource(
        "aws:athena/workgroup:Workgroup",
        "analysts",
        { name: "analysts", configuration: { resultConfiguration: { outputLocation: "s3://results/" } } },
        provider,
    );

test.each([
    ["a table of its region over the US bucket", [tableOver("users-table")], workgroup(), "us-user-data"],
    ["a table of another region's catalog", [tableOver("users-table", singapore)], workgroup(), undefined],
    ["no table at all", [], workgroup(), undefined],
])("a workgroup beside %s", (_what, tables, wg, expected) => {
    const model = buildStackModel([usBucket, ...tables, wg]);
    expect(model.facts.get(wg.urn)?.effectiveClass).toBe(expected);
});
