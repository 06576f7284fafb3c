// Preloaded (`-r`) into the program's process before anything else, so that the SDKs it loads come from the
// compile cache of the program's role (tools/compileCache.js).
require("../compileCache").enableCompileCache("program");
