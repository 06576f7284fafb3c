#!/bin/sh
# The program's box, set up inside the namespaces `unshare` made for it (tools/preview/sandbox/sandbox.ts): a user
# namespace in which this shell is root, and its own mount, PID, network, IPC and UTS namespaces. From here the
# program can name no process outside (no signal, no ptrace, no /proc of the preview's parent or its pack), reach
# no socket on the host's network, and write nowhere but its own folders:
#   - every mount is made read-only, but for this run's folder ($SANDBOX_RUN_DIR, where the parent's resource monitor
#     listens) and the folders in $SANDBOX_WRITABLE (colon-separated, at most five; the preview gives none);
#   - it gets its own empty /tmp and /dev/shm, and a /dev of a few character devices; the folders in $SANDBOX_READABLE
#     (colon-separated: its project and the preview's own files, when they are under /tmp) are put back, read-only;
#   - nothing it can write can be run or loaded as code (noexec): the only native code it can load is installed;
#   - the folder that holds every preview run's folder ($SANDBOX_RUNS) is covered: no other run's socket is there;
#   - the program's project ($SANDBOX_OVERLAID) may be written, as under the CLI, but only in a layer over it in
#     this box's /tmp: the program reads back what it wrote, and nothing of it reaches the real folder or outlives
#     the box. Where the kernel cannot stack that layer, the project stays read-only.
# Then it execs the program. Any step that fails stops here (exit 125), before any program code runs.
set -eu

fail() {
    echo "sandbox: $*" >&2
    exit 125
}

run_dir=${SANDBOX_RUN_DIR:?}
runs=${SANDBOX_RUNS:?}
writable=${SANDBOX_WRITABLE:-}
readable=${SANDBOX_READABLE:-}
overlaid=${SANDBOX_OVERLAID:-}
unset SANDBOX_RUN_DIR SANDBOX_RUNS SANDBOX_WRITABLE SANDBOX_READABLE SANDBOX_OVERLAID

# The folders the program keeps, each held open (fd 3 to 8) while the tmpfs mounts below cover what they are in, then
# bound back at their own paths from the open descriptor (never by a path, which would then name the new, empty one).
kept=""
fd=3
# keep_open r|w DIR: holds DIR open on the next descriptor and records it with its mode.
keep_open() {
    [ "$fd" -le 8 ] || fail "too many kept folders"
    eval "exec $fd<\"\$2\"" || fail "cannot open $2"
    kept="$kept$fd:$1:$2
"
    fd=$((fd + 1))
}
old_ifs=$IFS
IFS=:
# Readable ones first: a writable folder inside one is bound over it after.
for dir in $readable; do keep_open r "$dir"; done
for dir in $run_dir $writable; do
    [ -d "$dir" ] || mkdir -p "$dir" || fail "cannot create $dir"
    keep_open w "$dir"
done
IFS=$old_ifs

# A /dev of a few devices (the host's, staged before /dev is covered) and its own /dev/shm.
stage=$(mktemp -d /tmp/sandbox-dev.XXXXXX) || fail "cannot stage /dev"
devices="null zero full random urandom tty"
for dev in $devices; do
    [ -e "/dev/$dev" ] || continue
    touch "$stage/$dev" && mount --bind "/dev/$dev" "$stage/$dev" || fail "cannot stage /dev/$dev"
done
mount -t tmpfs -o mode=0755,nosuid,noexec,size=64k tmpfs /dev || fail "cannot cover /dev"
for dev in $devices; do
    [ -e "$stage/$dev" ] || continue
    touch "/dev/$dev" && mount --bind "$stage/$dev" "/dev/$dev" && umount "$stage/$dev" || fail "cannot bind /dev/$dev"
done
rm -rf "$stage"
ln -s /proc/self/fd /dev/fd && ln -s /proc/self/fd/0 /dev/stdin && ln -s /proc/self/fd/1 /dev/stdout && ln -s /proc/self/fd/2 /dev/stderr
mkdir /dev/shm && mount -t tmpfs -o mode=1777,nosuid,nodev,noexec,size=64m tmpfs /dev/shm || fail "cannot make /dev/shm"

# Its own /tmp; the runs' folder covered too where /tmp does not hold it; the kept folders put back.
mount -t tmpfs -o mode=1777,nosuid,nodev,noexec,size=256m tmpfs /tmp || fail "cannot make /tmp"
if [ -d "$runs" ]; then
    mount -t tmpfs -o mode=0755,nosuid,nodev,noexec,size=64k tmpfs "$runs" || fail "cannot cover $runs"
fi
keep=" /proc /tmp /dev /dev/shm "
while IFS=: read -r fd mode dir; do
    [ -n "$fd" ] || continue
    mkdir -p "$dir" && mount --no-canonicalize --bind "/proc/self/fd/$fd" "$dir" || fail "cannot bind $dir back"
    eval "exec $fd<&-"
    # A readable folder is made read-only with the rest, below.
    [ "$mode" = w ] || continue
    mount -o remount,bind,nosuid,nodev,noexec "$dir" || fail "cannot make $dir noexec"
    keep="$keep$dir "
done <<EOF_KEPT
$kept
EOF_KEPT

# Everything else read-only. A remount must keep the flags the host locked (nosuid, nodev, noexec, atime).
while read -r _id _parent _dev _root point options _rest; do
    point=$(printf '%b' "$point")
    case "$point" in
    /proc | /proc/* | /dev/*) continue ;;
    esac
    case "$keep" in
    *" $point "*) continue ;;
    esac
    flags=ro
    old_ifs=$IFS
    IFS=,
    for option in $options; do
        case "$option" in
        nosuid | nodev | noexec | noatime | nodiratime | relatime | strictatime) flags="$flags,$option" ;;
        esac
    done
    IFS=$old_ifs
    mount -o "remount,bind,$flags" "$point" 2>/dev/null || fail "cannot make $point read-only"
done </proc/self/mountinfo

# The project's write layer, stacked once everything under it is read-only (the layer never writes below itself). It
# is noexec like every folder the program writes; the project's installed packages (node_modules: the Node binary
# npm puts first on PATH, the SDKs, their addons) are bound back over it as they were, read-only.
# Where node_modules cannot be held open to be bound back, there is no layer: the project stays read-only.
modules="$overlaid/node_modules"
kept_modules=""
if [ -n "$overlaid" ] && [ -d "$modules" ] && [ ! -L "$modules" ]; then
    if (exec 9<"$modules") 2>/dev/null; then
        exec 9<"$modules"
        kept_modules=yes
    else
        overlaid=""
    fi
fi
if [ -n "$overlaid" ] && [ -d "$overlaid" ]; then
    layers=$(mktemp -d /tmp/.project-layer.XXXXXX) || fail "cannot make the project's layer"
    mkdir "$layers/upper" "$layers/work" || fail "cannot make the project's layer"
    if mount -t overlay -o "nosuid,nodev,noexec,lowerdir=$overlaid,upperdir=$layers/upper,workdir=$layers/work" overlay "$overlaid" 2>/dev/null; then
        if [ -n "$kept_modules" ]; then
            mount --no-canonicalize --bind /proc/self/fd/9 "$modules" || fail "cannot bind $modules back"
        fi
    else
        rm -rf "$layers"
    fi
fi
if [ -n "$kept_modules" ]; then exec 9<&-; fi

exec "$@"
