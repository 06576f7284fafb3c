/**
 * The pack as the Pulumi CLI starts it (`run-policy-pack` over gRPC): never stale after an edit of its sources,
 * and the published tarball installed alone answers as the repository's pack does.
 */
import "./stalePack.e2e";
import "./publishedPack.e2e";
