/**
 * The offline preview playing the engine, end to end with the real SDK in the program's box: transforms, invokes,
 * stack references, resources behind unknowns and source positions as the engine has them, and the engine
 * features real programs use (multi-language components, callbacks and closures, resource references, ES modules),
 * and the program's TypeScript transpiled once, by the parent, as the language host's ts-node would.
 */
import "./engineSemantics.e2e";
import "./engineFeatures.e2e";
import "./transpileCache.e2e";
