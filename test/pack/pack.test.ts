/**
 * The pack as the Pulumi CLI builds, ships and starts it (`run-policy-pack` over gRPC): never stale after an edit of
 * its sources, the published tarball installed alone answering as the repository's pack does, a patched pack
 * caught. Its process under attack (one configuration, deadlines) is test/pack/packProcess.test.ts.
 */
import "./stalePack.e2e";
import "./publishedPack.e2e";
import "./patchedPack.e2e";
