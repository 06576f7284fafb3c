// Preloaded with `node -r` into one process: on exit, writes the files that process loaded to $RECORD_MODULES_FILE.
const fs = require("fs");
const file = process.env.RECORD_MODULES_FILE;
process.on("exit", () => {
    if (file) fs.writeFileSync(file, JSON.stringify(Object.keys(require.cache)));
});
