import type { Argument } from "./arguments";

const wordSet = (words: string) => new Set(words.trim().split(/\s+/));

/**
 * Words that, in an argument's name, mark a place data can go or a way it can get there: a destination, a
 * target, an endpoint or URL, a log or export sink, a store (bucket, topic, queue, stream, function), a key,
 * a replica or copy, a notification, a route; words that say it takes data in (input, data, content, body, value,
 * parameters); and subnets and zones, which place what runs in them.
 * Deliberately broad: the review reads every hit, and a proven-inert type may have none it has not explained.
 */
const NAME_WORDS = wordSet(`
    destination destinations target targets endpoint endpoints url urls uri uris webhook webhooks hook hooks
    callback redirect logging log logs logger export exports exporter s3 bucket buckets kms topic topics queue
    queues stream streams function functions lambda sns sqs kinesis firehose email emails sink sinks forward
    forwarding forwarder delivery deliver notification notifications notify replica replicas replication
    replicate copy backup backups snapshot snapshots host hosts hostname origin origins integration integrations
    invoke invocation subscription subscriptions subscriber subscribers archive publish publisher mirror upstream
    proxy relay peer remote recipient recipients smtp http https source sources output outputs connection
    connector channel channels route routes routing storage cache table database location address addresses arn
    arns ocid dns domain sender action actions event events message messages repository registry image share
    outpost zone zones input inputs data content contents body payload file files object objects record records
    item items value values parameter parameters subnet subnets
`);

/** Words in an argument's doc comment that say data can go somewhere through it. */
const DOC =
    /\b(destinations?|deliver(?:s|ed|y|ies)?|forward(?:s|ed|ing)?|sends?|sent|exports?|exported|replicat\w*|cop(?:y|ies|ied)|logs?|logging|buckets?|topics?|queues?|streams?|endpoints?|urls?|uris?|webhooks?|notifications?|notif(?:y|ies)|invokes?|invoked|lambda|s3|kinesis|firehose|sns|sqs|e-?mails?|targets?|stores?|stored|cach(?:e|es|ed)|archives?|publish(?:es|ed)?|mirror\w*|routes?|routed|sinks?|outposts?|local zones?|wavelength)\b/gi;

/** Links in doc comments (`[text](https://docs...)`, bare URLs) point at documentation, not at a destination. */
const DOC_LINK = /\]\([^)]*\)|https?:\/\/\S+/g;

function wordsOf(name: string): string[] {
    return (name.match(/[A-Z]+\d*(?![a-z])|[A-Z]?[a-z]+\d*|\d+/g) ?? [name]).map((w) => w.toLowerCase());
}

/** The destination-shaped words of an argument's own name (not its parents'). */
export function destinationWords(name: string): string[] {
    return wordsOf(name).filter((w) => NAME_WORDS.has(w));
}

/** The words of a doc comment that say data can go somewhere. */
export function destinationDocWords(doc: string): string[] {
    return [...new Set([...doc.replace(DOC_LINK, "]").matchAll(DOC)].map((m) => m[1].toLowerCase()))];
}

/** The resource's own `region` (AWS v7): where it is, which the location module reads; not a place it sends to. */
const OWN_LOCATION = "region";

export interface ArgumentHit {
    path: string;
    /** Destination-shaped words of the argument's name. */
    nameWords: string[];
    /** Destination words of its doc comment. */
    docWords: string[];
    doc: string;
}

/** The arguments whose name or doc comment mentions a place data can go. */
export function destinationHits(args: readonly Argument[]): ArgumentHit[] {
    const out: ArgumentHit[] = [];
    for (const a of args) {
        if (a.path === OWN_LOCATION) continue;
        const nameWords = destinationWords(a.name);
        const docWords = destinationDocWords(a.doc);
        if (nameWords.length + docWords.length > 0) out.push({ path: a.path, nameWords, docWords, doc: a.doc });
    }
    return out;
}

/**
 * The words that, in an argument's own name, most plainly name a place data goes (a destination, endpoint, URL,
 * log or export sink, bucket, topic, queue, stream, function, email, replica, route target). A type the catalogue
 * keeps out of the data-bearing categories while it has such an argument must say why, in its entry's reason.
 */
const STRONG_WORDS = wordSet(`
    destination destinations endpoint endpoints url urls uri uris webhook webhooks callback redirect logging log
    logs export exports s3 bucket buckets topic topics queue queues stream streams function functions lambda sns
    sqs kinesis firehose email emails sink sinks forward forwarding delivery notification notifications replica
    replicas replication replicate copy backup backups snapshot snapshots host hosts hostname origin origins
    integration invoke subscription subscriptions target targets proxy peer remote recipient recipients mirror
    archive sender
`);

/** The arguments whose own name plainly names a place data goes (see STRONG_WORDS). */
export function strongDestinationArguments(args: readonly Argument[]): string[] {
    return args.filter((a) => a.path !== OWN_LOCATION && wordsOf(a.name).some((w) => STRONG_WORDS.has(w))).map((a) => a.path);
}
