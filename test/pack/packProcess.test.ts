/**
 * The pack's own process against the processes around it: its one configuration against a stranger's `Configure`,
 * SIGUSR1, its socket, and every call to it bound by a deadline.
 */
import "../assurance/packConfigLock.e2e";
import "../preview/packDeadlines.e2e";
