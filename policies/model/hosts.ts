/**
 * What a string names when it names a host: a URL's host, an email's domain, a bare hostname. Only the
 * syntax is decided here; where a host is (a resource of the stack, a cloud region, an approved external
 * destination) is the destinations module's job.
 */

/**
 * Generic top-level domains recognised in a bare hostname (a URL is recognised whatever its host). Two-letter
 * labels are country codes and always count, except those that are common file extensions (below).
 */
const GENERIC_TLDS = new Set(
    (
        "com net org edu gov mil int info biz name pro mobi aero coop museum jobs travel tel asia cat post xxx " +
        "app dev page cloud online site tech store shop blog web website host hosting services systems network " +
        "company solutions digital email support software io ai co xyz top club live news media group global " +
        "world center agency studio design design partners ventures capital finance financial bank insurance " +
        "health care clinic dental legal law consulting management marketing academy school university " +
        "example test invalid localhost local internal lan corp home arpa aws amazon google microsoft azure " +
        "oracle apple meta slack zoom salesforce sap ibm intel nvidia cisco dell hp yahoo bing gmail youtube"
    ).split(" "),
);

/** Two-letter country codes that are also common file extensions: `app.py` or `main.tf` is a file, not a host. */
const FILE_LIKE_CC = new Set(["py", "sh", "md", "rs", "pl", "so", "cc", "am", "ml", "pm", "ps", "mk", "tf", "rb", "cs", "hs", "gz", "js", "ts", "db", "in"]);

/** Generic TLDs that are also common file extensions. */
const FILE_LIKE_GENERIC = new Set(["zip", "mov"]);

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const IPV4 = /^(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

export function isIpAddress(host: string): boolean {
    return IPV4.test(host) || (host.includes(":") && /^[0-9a-f:.]+$/i.test(host) && host.split(":").length >= 3);
}

/** Whether `text` (lower case, no port) is a hostname a bare value may name: labels, at least two, a known top-level domain. */
export function isHostname(text: string): boolean {
    if (text.length < 4 || text.length > 253 || text.indexOf(".") < 0) return false;
    const labels = text.split(".");
    if (labels.length < 2) return false;
    for (const l of labels) if (!LABEL.test(l)) return false;
    const tld = labels[labels.length - 1];
    if (!/^[a-z]{2,}$/.test(tld)) return false;
    if (tld.length === 2) return labels.length > 2 || !FILE_LIKE_CC.has(tld);
    if (!GENERIC_TLDS.has(tld)) return false;
    return labels.length > 2 || !FILE_LIKE_GENERIC.has(tld);
}

/** A bare `host` or `host:port` value: its host, lower case, when it is one. */
export function bareHost(value: string): string | undefined {
    if (value.length > 260 || /[\s/@]/.test(value)) return undefined;
    const m = /^([A-Za-z0-9.-]+?)\.?(?::(\d{1,5}))?$/.exec(value);
    if (!m) return undefined;
    const host = m[1].toLowerCase();
    if (IPV4.test(host)) return host;
    return isHostname(host) ? host : undefined;
}

const EMAIL = /^[A-Za-z0-9._%+'-]{1,64}@([A-Za-z0-9.-]{3,253})$/;

/** The domain of an email address given as a whole value (`mailto:` included). */
export function emailDomain(value: string): string | undefined {
    const v = value.startsWith("mailto:") ? value.slice(7) : value;
    const m = EMAIL.exec(v);
    if (!m) return undefined;
    const host = m[1].toLowerCase().replace(/\.$/, "");
    return isHostname(host) || IPV4.test(host) ? host : undefined;
}

/** An E.164 phone number given as a whole value (SMS and voice endpoints), as `tel:+<digits>`. */
export function phoneUri(value: string): string | undefined {
    const v = value.replace(/^tel:/, "").replace(/[\s().-]/g, "");
    return /^\+[1-9]\d{6,14}$/.test(v) ? `tel:${v}` : undefined;
}

/** URLs written anywhere in a string: `scheme://...` up to a quote, a space or a closing bracket. */
export const URL_IN_TEXT = /[A-Za-z][A-Za-z0-9+.-]{0,20}:\/\/[^\s"'<>`\\{}|^]+/g;

export interface ParsedUrl {
    scheme: string;
    /** Lower case, no port; for `oci://bucket@namespace/...`, `bucket@namespace`. */
    host: string;
    path: string;
    /** The URL as written, bounded. */
    text: string;
}

export function parseUrl(text: string): ParsedUrl | undefined {
    const m = /^([A-Za-z][A-Za-z0-9+.-]{0,20}):\/\/([^/?#]*)([^?#]*)/.exec(text);
    if (!m) return undefined;
    const scheme = m[1].toLowerCase();
    let authority = m[2];
    // user:password@host → host (OCI's `oci://bucket@namespace` keeps its @: the bucket is named before it).
    if (scheme !== "oci" && authority.includes("@")) authority = authority.slice(authority.lastIndexOf("@") + 1);
    let host = authority.toLowerCase();
    if (host.startsWith("[")) host = host.slice(1, host.indexOf("]") < 0 ? undefined : host.indexOf("]"));
    else host = host.replace(/:\d*$/, "");
    return { scheme, host: host.replace(/\.$/, ""), path: m[3], text: text.slice(0, 200) };
}
