/**
 * Labels and locations shared by the components.
 *
 * A location is one value type, `<cloud>:<region>` (for example `oci:us-ashburn-1`). Every data store
 * carries the `data-class` label (AWS `tags`, OCI `freeformTags`) with a {@link DataClass} value.
 */
import { DATA_CLASS_LABEL, type DataClass } from "../policies/model/dataClass";

export type Cloud = "oci" | "aws";

/** AWS region of the backups of US user data (Virginia). */
export const AWS_US_BACKUP_REGION = "us-east-1";
/** AWS region of the backups of non-US user data (Singapore). Never holds US user data. */
export const AWS_NON_US_BACKUP_REGION = "ap-southeast-1";
export type Location = `${Cloud}:${string}`;

export function location(cloud: Cloud, region: string): Location {
    return `${cloud}:${region}`;
}

/** What a stack output says about one data store. */
export interface DataStoreDescriptor {
    /** Where the data lives, `<cloud>:<region>`. */
    readonly location: Location;
    /** The class of data the store holds. */
    readonly dataClass: DataClass;
}

/** Tags/freeform tags that label a resource with its data class, merged over `extra`. */
export function dataClassLabels(dataClass: DataClass, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
    return { ...extra, [DATA_CLASS_LABEL]: dataClass };
}
