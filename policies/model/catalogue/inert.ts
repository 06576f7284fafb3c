// The resource types proven inert: the only types that stop taint. A type belongs here only when it cannot
// store, cache, forward, deliver, route, log, export or replicate data, and cannot invoke anything that does,
// whatever its arguments say (read them in the provider's docs, not the type's name). Every other type a class
// reaches takes that class and is judged by where it is and where it sends. A wrong entry here would let data
// pass silently, so each carries its reason, and test/catalogue checks each one.
//
// Seed: the catalogue review (issue 20) owns the final list.

// prettier-ignore
export const PROVEN_INERT: Readonly<Record<string, string>> = {
    "random:index/randomId:RandomId": "generates random bytes from its own length and prefix; takes no data and sends none",
    "random:index/randomInteger:RandomInteger": "generates a number in the range it is given; takes no data and sends none",
    "random:index/randomPet:RandomPet": "generates a name from a word list; takes no data and sends none",
};
