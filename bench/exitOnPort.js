// Preloaded (node -r) into run-policy-pack by `npm run bench -- --profile cold-start`: ends the process
// normally once the pack prints its port, so that `node --cpu-prof` writes the profile of the start.
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
    const done = write(chunk, ...rest);
    if (/^\d+\s*$/.test(String(chunk))) setImmediate(() => process.exit(0));
    return done;
};
