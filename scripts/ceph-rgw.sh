#!/usr/bin/env bash
# A throwaway single-node Ceph cluster with an S3 gateway (RADOS Gateway) on loopback, for the S3 mode of
# the integration tests and for running the API against S3 by hand.
#
#   scripts/ceph-rgw.sh start [RUN_DIR] [PORT]   start it (a running one in RUN_DIR is stopped first);
#                                                prints only the endpoint, http://127.0.0.1:PORT
#   scripts/ceph-rgw.sh stop  [RUN_DIR]          stop it and remove RUN_DIR; nothing to stop is fine
#   scripts/ceph-rgw.sh status [RUN_DIR]         say whether it runs
#
# Defaults: RUN_DIR /tmp/attachments-ceph-rgw, PORT 7480 (the monitor takes PORT + 1000).
# Access key TESTKEY, secret TESTSECRET; region: any (radosgw ignores it). Everything but the endpoint goes
# to stderr. CEPH_RGW_OWNER_PID (optional): a process whose end stops the cluster too (a watchdog checks
# every 2 s), so a test run that is killed does not leave the daemons behind.
#
# Needs Debian's packages (about 50 s to install; .ci/run installs them):
#   apt-get install -y --no-install-recommends radosgw ceph-mon ceph-osd
# Starts one monitor, one memstore OSD (data in memory, 2 GiB) and radosgw; answers S3 in about 12 s.
#
# Why each unusual setting (see ../shared/tools/ceph-rgw-single-node.sh, the measured recipe this follows):
# - Debian bookworm ships Ceph 16 (Pacific), whose radosgw has no standalone "dbstore" backend, so a
#   monitor and an OSD are needed; memstore keeps the OSD in memory (no disk to prepare).
# - auth ... = none: no cephx keys to distribute between the three daemons (loopback only).
# - ms *client mode = crc: without it radosgw loops on "get_initial_auth_request returned -13".
# - pool size 1, mon allow pool size one, mon max pg per osd: one OSD must hold every pool radosgw makes.
# - The first write into each new pool (so the first into a new bucket) takes about 2 s while the pool is made.
# Clients: AWSSDK.S3 4.x must set RequestChecksumCalculation/ResponseChecksumValidation to WHEN_REQUIRED
# (radosgw 16 refuses the SDK's default trailing checksums) and ForcePathStyle.
set -euo pipefail

ACCESS_KEY=TESTKEY
SECRET_KEY=TESTSECRET
DAEMONS=(radosgw ceph-osd ceph-mon)

log() { printf 'ceph-rgw.sh: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

usage() { sed -n '2,13p' "${BASH_SOURCE[0]}" >&2; exit 2; }

command=${1:-}
[[ -n $command ]] || usage
run_dir=$(realpath -m "${2:-/tmp/attachments-ceph-rgw}")
port=${3:-7480}

# RUN_DIR is removed on stop and on start: refuse anything that is not empty and not one of ours.
check_run_dir() {
    [[ $run_dir != / && $run_dir != "$HOME" ]] || die "refusing RUN_DIR $run_dir"
    if [[ -d $run_dir && -n $(ls -A "$run_dir") && ! -f $run_dir/ceph.conf ]]; then
        die "$run_dir is not empty and holds no ceph.conf: not a cluster of this script, left alone"
    fi
}

# PIDs of the daemons started in RUN_DIR that still run (a PID file whose process is another program is ignored).
running_pids() {
    local file pid
    for file in "$run_dir"/*.pid; do
        [[ -f $file ]] || continue
        pid=$(cat "$file" 2>/dev/null || true)
        [[ $pid =~ ^[0-9]+$ ]] || continue
        if [[ -r /proc/$pid/cmdline ]] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q -- "$run_dir/ceph.conf"; then
            printf '%s\n' "$pid"
        fi
    done
}

stop() {
    check_run_dir
    [[ -d $run_dir ]] || return 0
    if [[ -f $run_dir/watchdog.pid ]]; then
        local watchdog
        watchdog=$(cat "$run_dir/watchdog.pid" 2>/dev/null || true)
        if [[ $watchdog =~ ^[0-9]+$ && $watchdog != "${CEPH_RGW_WATCHDOG_SELF:-}" ]] \
            && grep -q "ceph-rgw-watchdog" "/proc/$watchdog/cmdline" 2>/dev/null; then
            kill "$watchdog" 2>/dev/null || true
        fi
    fi
    # SIGKILL: the data is in memory and thrown away, and a gracefully stopped monitor leaves the OSD and
    # radosgw waiting for it for seconds.
    local pids
    mapfile -t pids < <(running_pids)
    if [[ ${#pids[@]} -gt 0 ]]; then
        kill -KILL "${pids[@]}" 2>/dev/null || true
        for _ in $(seq 1 50); do
            mapfile -t pids < <(running_pids)
            [[ ${#pids[@]} -eq 0 ]] && break
            sleep 0.1
        done
    fi
    rm -rf "$run_dir"
}

status() {
    local pids
    mapfile -t pids < <(running_pids)
    if [[ ${#pids[@]} -eq ${#DAEMONS[@]} ]]; then
        log "running in $run_dir (pids ${pids[*]}), http://127.0.0.1:$(sed -n 's/.*endpoint=127.0.0.1:\([0-9]*\).*/\1/p' "$run_dir/ceph.conf")"
    elif [[ ${#pids[@]} -gt 0 ]]; then
        log "partly running in $run_dir (pids ${pids[*]})"
        return 1
    else
        log "not running in $run_dir"
        return 1
    fi
}

start() {
    local missing=() program
    for program in ceph-mon ceph-osd radosgw radosgw-admin ceph ceph-authtool monmaptool curl; do
        command -v "$program" >/dev/null || missing+=("$program")
    done
    [[ ${#missing[@]} -eq 0 ]] || die "missing ${missing[*]}: apt-get install -y --no-install-recommends radosgw ceph-mon ceph-osd (and curl)"
    [[ $port =~ ^[0-9]+$ && $port -ge 1 && $port -le 64535 ]] || die "PORT must be a number below 64536 (the monitor takes PORT + 1000)"

    stop
    local mon_port=$((port + 1000)) d=$run_dir
    mkdir -p "$d"/mon.a "$d"/osd.0 "$d"/rgw "$d"/log "$d"/asok
    local fsid
    fsid=$(cat /proc/sys/kernel/random/uuid)
    cat > "$d/ceph.conf" <<CONF
[global]
fsid = $fsid
mon host = v2:127.0.0.1:$mon_port
public addr = 127.0.0.1
ms bind ipv4 = true
ms bind ipv6 = false
auth cluster required = none
auth service required = none
auth client required = none
auth supported = none
ms mon client mode = crc
ms client mode = crc
ms mon service mode = crc secure
ms service mode = crc secure
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd crush chooseleaf type = 0
mon allow pool size one = true
mon allow pool delete = true
mon max pg per osd = 1000
mon warn on pool no redundancy = false
run dir = $d
pid file = $d/\$name.pid
log file = $d/log/\$name.log
admin socket = $d/asok/\$name.asok
keyring = $d/keyring
[mon]
mon data = $d/mon.\$id
[osd]
osd data = $d/osd.\$id
osd objectstore = memstore
memstore device bytes = 2147483648
osd journal size = 100
[client.rgw.a]
rgw frontends = beast endpoint=127.0.0.1:$port
rgw data = $d/rgw
rgw dns name = localhost
CONF
    local c=(-c "$d/ceph.conf")
    # On any failure below, nothing is left running.
    trap 'log "start failed; logs were in $d/log:"; tail -n 5 "$d"/log/*.log >&2 2>/dev/null || true; stop' ERR

    ceph-authtool --create-keyring "$d/keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
    ceph-authtool "$d/keyring" --gen-key -n client.admin --cap mon 'allow *' --cap osd 'allow *' --cap mgr 'allow *' >/dev/null
    monmaptool --create --addv a "[v2:127.0.0.1:$mon_port]" --fsid "$fsid" "$d/monmap" >/dev/null
    ceph-mon "${c[@]}" --mkfs -i a --monmap "$d/monmap" --keyring "$d/keyring" >&2
    ceph-mon "${c[@]}" -i a >&2
    local osd_uuid id
    osd_uuid=$(cat /proc/sys/kernel/random/uuid)
    id=$(timeout 60 ceph "${c[@]}" osd new "$osd_uuid")
    ceph-osd "${c[@]}" -i "$id" --mkfs --osd-uuid "$osd_uuid" >/dev/null 2>&1
    ceph-osd "${c[@]}" -i "$id" >&2
    radosgw "${c[@]}" -n client.rgw.a >&2

    local code=000
    for _ in $(seq 1 120); do
        code=$(curl -s -m 1 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/" || true)
        [[ $code == 200 ]] && break
        sleep 0.5
    done
    [[ $code == 200 ]] || { log "radosgw did not answer on port $port"; false; }
    timeout 60 radosgw-admin "${c[@]}" user create --uid=test --display-name=test \
        --access-key="$ACCESS_KEY" --secret="$SECRET_KEY" >/dev/null 2>&1
    trap - ERR

    if [[ -n ${CEPH_RGW_OWNER_PID:-} ]]; then
        [[ $CEPH_RGW_OWNER_PID =~ ^[0-9]+$ ]] || die "CEPH_RGW_OWNER_PID must be a process id"
        # Detached from the caller's session and output, so it neither holds the caller's pipes open nor dies with its terminal.
        CEPH_RGW_OWNER_PID=$CEPH_RGW_OWNER_PID setsid bash -c '
            exec -a ceph-rgw-watchdog bash -c "
                while kill -0 $CEPH_RGW_OWNER_PID 2>/dev/null && [[ -f $0/ceph.conf ]]; do sleep 2; done
                CEPH_RGW_WATCHDOG_SELF=\$\$ \"$1\" stop \"$0\""' "$d" "$(realpath "${BASH_SOURCE[0]}")" \
            </dev/null >/dev/null 2>&1 &
        echo $! > "$d/watchdog.pid"
    fi

    log "S3 at http://127.0.0.1:$port, access key $ACCESS_KEY, secret $SECRET_KEY (logs in $d/log)"
    log "for the tests: export ATTACHMENTS_TEST_S3=http://$ACCESS_KEY:$SECRET_KEY@127.0.0.1:$port"
    log "stop: $0 stop $d"
    printf 'http://127.0.0.1:%s\n' "$port"
}

case $command in
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) usage ;;
esac
