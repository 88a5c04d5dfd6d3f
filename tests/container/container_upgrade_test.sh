#!/usr/bin/env bash
# The image does the ClearML upgrade as an operator runs it: a data dir laid out like
# /opt/trains/data (elastic/ = a real ES 5.6 data dir, the whole tree owned by UID:GID as ClearML's
# `chown -R 1000:1000 /opt/trains/data` leaves it) is mounted at /opt/trains/data and
#
#   podman run --rm [--user UID:GID] -v <data>:/opt/trains/data IMAGE upgrade
#
# runs with the default paths. Then: exit 0 and "Upgrade completed.", the log in the volume, the
# source renamed and backed up, every file of the new elastic_7 owned UID:GID like the source, and,
# unless --no-verify, the target checked from the host by the host's shardlift and ES 7.6.2 home:
#
#   shardlift verify <renamed source> --es7-home <home> --target <data>/elastic_7
#
# reporting every document of the fixture (its expected.ndjson.gz) and nothing missing, different
# or extra. --hardened runs the container as deploy/k8s/upgrade-job.yaml's securityContext does:
# read-only root filesystem with a /tmp of its own, no capabilities, no privilege escalation.
# Any step that cannot run fails the test: it never skips.
#
#   container_upgrade_test.sh --image IMAGE --fixture ZIP --work DIR [--user UID:GID] [--hardened]
#                             [--shardlift BIN --es7-home DIR | --no-verify]
set -euo pipefail

usage() {
  echo "usage: $0 --image IMAGE --fixture ZIP --work DIR [--user UID:GID] [--hardened]" \
    "[--shardlift BIN --es7-home DIR | --no-verify]" >&2
  exit 2
}
image='' fixture='' work='' user='' shardlift='' es7_home='' verify=1 hardened=0
while (($#)); do
  (($# >= 2)) || [[ $1 == --no-verify || $1 == --hardened ]] || usage
  case $1 in
    --image) image=$2; shift 2 ;;
    --fixture) fixture=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --user) user=$2; shift 2 ;;
    --shardlift) shardlift=$2; shift 2 ;;
    --es7-home) es7_home=$2; shift 2 ;;
    --no-verify) verify=0; shift ;;
    --hardened) hardened=1; shift ;;
    *) usage ;;
  esac
done
[[ -n $image && -n $fixture && -n $work ]] || usage
((verify == 0)) || [[ -n $shardlift && -n $es7_home ]] || usage
work=$(realpath -m "$work") # podman takes only absolute paths as volumes

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
for tool in podman unzip; do
  command -v "$tool" >/dev/null || fail "$tool not found (.ci/container installs it)"
done
[[ -f $fixture ]] || fail "fixture $fixture not found (SHARDLIFT_SHARED_DIR?)"
podman image exists "$image" || fail "image $image not built (ctest fixture container_image)"
export CONTAINERS_CONF=${CONTAINERS_CONF:-$(dirname "$0")/../../deploy/container/containers.conf}
owner=${user:-1000:1000} # the image's own user when --user is not given

rm -rf "$work"
data=$work/data # what the operator has at /opt/trains/data
mkdir -p "$data"
unzip -q "$fixture" -d "$work/unzipped"
mv "$work/unzipped/data" "$data/elastic"
chown -R "$owner" "$data"

flags=()
[[ -n $user ]] && flags+=(--user "$user")
((hardened)) && flags+=(--read-only --tmpfs /tmp --cap-drop ALL --security-opt no-new-privileges)
echo "== podman run --rm ${flags[*]} -v $data:/opt/trains/data $image upgrade"
status=0
podman run --rm "${flags[@]}" -v "$data:/opt/trains/data" "$image" upgrade \
  >"$work/upgrade.out" 2>&1 || status=$?
cat "$work/upgrade.out"
((status == 0)) || fail "upgrade in the container exited $status"
grep -q 'Upgrade completed\.' "$work/upgrade.out" || fail "no 'Upgrade completed.'"

shopt -s nullglob
logs=("$data"/upgrade_to_7_*.log)
migrated=("$data"/elastic_migrated_*)
backups=("$data"/elastic_backup_*)
((${#logs[@]} == 1)) || fail "expected one upgrade_to_7_*.log in the volume, found ${#logs[@]}"
grep -q 'Upgrade completed\.' "${logs[0]}" || fail "the log in the volume does not end the upgrade"
((${#migrated[@]} == 1)) || fail "the source was not renamed to elastic_migrated_<date>"
((${#backups[@]} == 1)) || fail "no elastic_backup_<date>"
[[ ! -e $data/elastic ]] || fail "elastic/ is still there"
[[ -d $data/elastic_7/nodes ]] || fail "no ES 7 data in elastic_7/"

# Owned as the source is: the new data dir, its dead letters and ES's run dir, and the backup.
strays=$(find "$data" \( ! -user "${owner%:*}" -o ! -group "${owner#*:}" \) -printf '%u:%g %p\n')
[[ -z $strays ]] || fail "files not owned $owner:"$'\n'"$(head -n 20 <<<"$strays")"
echo "ownership: every file under the volume is $owner"

if ((verify)); then
  expected=$(zcat "${fixture%.zip}.expected.ndjson.gz" | wc -l)
  echo "== $shardlift verify ${migrated[0]} --es7-home $es7_home --target $data/elastic_7"
  status=0
  "$shardlift" verify "${migrated[0]}" --es7-home "$es7_home" --target "$data/elastic_7" \
    --es7-heap 512m >"$work/verify.out" 2>&1 || status=$?
  cat "$work/verify.out"
  ((status == 0)) || fail "verify exited $status"
  grep -qx "verified $expected of $expected documents: 0 missing, 0 different, 0 extra, 0 dead-lettered" \
    "$work/verify.out" || fail "verify did not find all $expected documents of the fixture"
fi
rm -rf "$work"
echo "PASS"
