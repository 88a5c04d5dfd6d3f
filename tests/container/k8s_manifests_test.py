#!/usr/bin/env python3
"""Structural checks of deploy/k8s/*.yaml (no cluster runs here, so nothing is applied).

Each manifest parses as one YAML document, is a batch/v1 Job whose fields are all known to that
API (a typo Kubernetes would refuse is caught here), runs the image this build makes (tagged with
the project version, which `shardlift --version` must report too) as the image's own non-root
user, mounts every volume it names, and calls shardlift only with flags that
`shardlift <command> --help` of this build lists. upgrade-job.yaml runs upgrade with its default
paths inside the mounted volume and writes its log there; migrate-indexed-job.yaml is an Indexed
Job whose pod k of N runs `--units k/N` with N = completions = parallelism.

    k8s_manifests_test.py <shardlift binary> <repository root>
"""
import itertools
import re
import shlex
import subprocess
import sys
from pathlib import Path

import yaml

# The fields of the Kubernetes 1.27+ API these manifests may use, by object.
KNOWN = {
    "job": {"apiVersion", "kind", "metadata", "spec"},
    "metadata": {"name", "namespace", "labels", "annotations"},
    "job_spec": {"backoffLimit", "completionMode", "completions", "parallelism",
                 "ttlSecondsAfterFinished", "activeDeadlineSeconds", "template",
                 "podFailurePolicy", "backoffLimitPerIndex", "maxFailedIndexes", "suspend"},
    "template": {"metadata", "spec"},
    "pod_spec": {"restartPolicy", "securityContext", "containers", "initContainers", "volumes",
                 "nodeSelector", "affinity", "tolerations", "serviceAccountName",
                 "imagePullSecrets"},
    "pod_security": {"runAsNonRoot", "runAsUser", "runAsGroup", "fsGroup", "fsGroupChangePolicy",
                     "supplementalGroups", "seccompProfile"},
    "container": {"name", "image", "imagePullPolicy", "command", "args", "env", "envFrom",
                  "workingDir", "resources", "securityContext", "volumeMounts"},
    "container_security": {"allowPrivilegeEscalation", "readOnlyRootFilesystem", "capabilities",
                           "runAsNonRoot", "runAsUser", "runAsGroup", "seccompProfile"},
    "volume_mount": {"name", "mountPath", "readOnly", "subPath"},
    "volume": {"name", "hostPath", "persistentVolumeClaim", "emptyDir", "secret", "configMap"},
}
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
    return condition


def check_fields(where, value, kind):
    check(isinstance(value, dict), f"{where}: not a mapping")
    if isinstance(value, dict):
        unknown = set(value) - KNOWN[kind]
        check(not unknown, f"{where}: unknown fields {sorted(unknown)}")


def help_flags(binary, command):
    text = subprocess.run([binary, command, "--help"], check=True, capture_output=True,
                          text=True).stdout
    flags = set()
    for line in text.splitlines():
        match = re.match(r"\s+((?:-\w,)?--[\w-]+)", line)
        if match:
            flags.update(match.group(1).split(","))
    return text, flags


def shardlift_argv(container):
    """The shardlift command line of a container: its args, or the `sh -c` script's words."""
    argv = container.get("command", []) + container.get("args", [])
    if argv[:2] == ["/bin/sh", "-c"]:
        argv = shlex.split(argv[2])
        if argv and argv[0] == "exec":
            argv = argv[1:]
    if argv and argv[0] == "shardlift":
        argv = argv[1:]
    return argv


def check_job(path, binary, image, user):
    docs = list(yaml.safe_load_all(path.read_text()))
    if not check(len(docs) == 1, f"{path.name}: {len(docs)} YAML documents, expected one"):
        return None
    job = docs[0]
    check_fields(path.name, job, "job")
    check(job.get("apiVersion") == "batch/v1" and job.get("kind") == "Job",
          f"{path.name}: not a batch/v1 Job")
    check_fields(f"{path.name} metadata", job["metadata"], "metadata")
    spec = job["spec"]
    check_fields(f"{path.name} spec", spec, "job_spec")
    check_fields(f"{path.name} template", spec["template"], "template")
    pod = spec["template"]["spec"]
    check_fields(f"{path.name} pod", pod, "pod_spec")
    check(pod.get("restartPolicy") in ("Never", "OnFailure"),
          f"{path.name}: a Job's restartPolicy must be Never or OnFailure")
    security = pod.get("securityContext", {})
    check_fields(f"{path.name} pod securityContext", security, "pod_security")
    check(security.get("runAsNonRoot") is True, f"{path.name}: runAsNonRoot is not true")
    check((security.get("runAsUser"), security.get("runAsGroup")) == user,
          f"{path.name}: runs as {security.get('runAsUser')}:{security.get('runAsGroup')}, "
          f"the image's user is {user[0]}:{user[1]}")
    if "fsGroup" in security:
        check(security["fsGroup"] == user[1], f"{path.name}: fsGroup is not the image's group")
    volumes = {}
    for volume in pod.get("volumes", []):
        check_fields(f"{path.name} volume", volume, "volume")
        volumes[volume["name"]] = volume
    containers = pod["containers"]
    check(len(containers) == 1, f"{path.name}: expected one container")
    container = containers[0]
    check_fields(f"{path.name} container", container, "container")
    check_fields(f"{path.name} container securityContext",
                 container.get("securityContext", {}), "container_security")
    check(container.get("image") == image,
          f"{path.name}: image {container.get('image')}, this build makes {image}")
    mounts = {}
    for mount in container.get("volumeMounts", []):
        check_fields(f"{path.name} volumeMount", mount, "volume_mount")
        check(mount["name"] in volumes, f"{path.name}: mounts undeclared volume {mount['name']}")
        mounts[mount["mountPath"]] = mount
    for name in volumes:
        check(any(m["name"] == name for m in mounts.values()),
              f"{path.name}: volume {name} is never mounted")

    argv = shardlift_argv(container)
    if not check(argv, f"{path.name}: the container does not run shardlift"):
        return None
    command = argv[0]
    help_text, flags = help_flags(binary, command)
    for word in argv[1:]:
        if not word.startswith("-"):
            continue
        flag = word.split("=", 1)[0]
        check(flag in flags, f"{path.name}: `shardlift {command}` has no flag {flag}")
    return job, container, argv, mounts, help_text


def option_value(argv, *names):
    for i, word in enumerate(argv):
        if word in names and i + 1 < len(argv):
            return argv[i + 1]
    return None


def main():
    binary, root = sys.argv[1], Path(sys.argv[2])
    # The image is tagged with the CMake project version (deploy/container/build-image.sh), the
    # version the binary and the packages carry too.
    version = re.search(r"^project\(shardlift VERSION ([0-9.]+)",
                        (root / "CMakeLists.txt").read_text(), re.M).group(1)
    reported = subprocess.run([binary, "--version"], check=True, capture_output=True,
                              text=True).stdout.split()[-1]
    check(reported == version, f"shardlift --version says {reported}, CMakeLists.txt {version}")
    image = f"shardlift:{version}"
    containerfile = (root / "Containerfile").read_text()
    user = tuple(int(n) for n in re.search(r"^USER (\d+):(\d+)$", containerfile, re.M).groups())
    # The runtime stage's WORKDIR (the build stage has its own), which every target inherits.
    runtime = containerfile.split(" AS runtime\n", 1)[1].split("\nFROM ", 1)[0]
    workdir = re.search(r"^WORKDIR (\S+)$", runtime, re.M).group(1)

    upgrade = check_job(root / "deploy/k8s/upgrade-job.yaml", binary, image, user)
    if upgrade:
        job, container, argv, mounts, help_text = upgrade
        check(argv[0] == "upgrade", "upgrade-job.yaml: does not run upgrade")
        # The same run as `docker run -v /opt/trains/data:/opt/trains/data IMAGE upgrade`.
        for short, long in (("-s", "--source"), ("-t", "--target")):
            given = option_value(argv, short, long)
            default = re.search(rf"{short},{long} TEXT=(\S+)", help_text)
            check(default and given == default.group(1),
                  f"upgrade-job.yaml: {long} {given} is not upgrade's default")
        check(container.get("workingDir") == workdir,
              f"upgrade-job.yaml: workingDir is not the image's {workdir}: the log would not "
              "land in the volume")
        check(workdir in mounts and not mounts[workdir].get("readOnly"),
              f"upgrade-job.yaml: {workdir} (source, target and log) is not a writable mount")
        check(job["spec"].get("backoffLimit") == 0,
              "upgrade-job.yaml: an upgrade must not be retried blindly (backoffLimit 0)")

    migrate = check_job(root / "deploy/k8s/migrate-indexed-job.yaml", binary, image, user)
    if migrate:
        job, container, argv, mounts, _ = migrate
        spec = job["spec"]
        check(argv[0] == "migrate", "migrate-indexed-job.yaml: does not run migrate")
        check(spec.get("completionMode") == "Indexed", "migrate-indexed-job.yaml: not Indexed")
        check(option_value(argv, "--phase") == "documents",
              "migrate-indexed-job.yaml: --phase is not documents")
        units = option_value(argv, "--units") or ""
        match = re.fullmatch(r"\$\(\(JOB_COMPLETION_INDEX \+ 1\)\)/(\d+)", units)
        if check(match, f"migrate-indexed-job.yaml: --units {units!r} is not "
                 "$((JOB_COMPLETION_INDEX + 1))/N"):
            n = int(match.group(1))
            check(spec.get("completions") == n == spec.get("parallelism"),
                  f"migrate-indexed-job.yaml: --units …/{n}, completions "
                  f"{spec.get('completions')}, parallelism {spec.get('parallelism')} differ")
        sources = list(itertools.takewhile(lambda word: not word.startswith("-"), argv[1:]))
        for source in sources:
            mount = mounts.get(source)
            check(mount and mount.get("readOnly"),
                  f"migrate-indexed-job.yaml: the source {source} is not a read-only mount")
        check(sources, "migrate-indexed-job.yaml: no source data dir")

    for failure in failures:
        print("FAIL:", failure)
    print("k8s manifests:", "FAIL" if failures else "PASS")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
