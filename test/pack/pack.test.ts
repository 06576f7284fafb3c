/**
 * The pack's own process: as the Pulumi CLI starts it (`run-policy-pack` over gRPC), never stale after an edit of
 * its sources, the published tarball installed alone answering as the repository's pack does, a patched pack
 * caught, its one configuration against a stranger's `Configure`, and every call to it bound by a deadline.
 */
import "./stalePack.e2e";
import "./publishedPack.e2e";
import "./patchedPack.e2e";
import "../assurance/packConfigLock.e2e";
import "../preview/packDeadlines.e2e";
