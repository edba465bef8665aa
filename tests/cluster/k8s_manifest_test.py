#!/usr/bin/env python3
"""Checks packaging/cluster/dinosam-indexed-job.yaml.

  k8s_manifest_test.py MANIFEST structure   what dinosam needs of the Job (python3-yaml only)
  k8s_manifest_test.py MANIFEST schema      the Kubernetes batch/v1 Job schema, with the npm package
                                            kubernetes-models (found through $DINOSAM_K8S_MODELS, a
                                            node_modules folder, or node's global folder); exit 77
                                            (CTest: skipped) when node or the package is missing.
"""
import json
import os
import shlex
import shutil
import subprocess
import sys

SKIP = 77


def fail(msg):
    print("k8s-manifest: FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def load(path):
    import yaml  # python3-yaml

    with open(path) as f:
        docs = [d for d in yaml.safe_load_all(f) if d is not None]
    if len(docs) != 1:
        fail("expected one YAML document, got %d" % len(docs))
    return docs[0]


def structure(job):
    if job.get("apiVersion") != "batch/v1" or job.get("kind") != "Job":
        fail("not a batch/v1 Job")
    spec = job["spec"]
    if spec.get("completionMode") != "Indexed":
        fail("completionMode must be Indexed (each pod gets JOB_COMPLETION_INDEX)")
    pod = spec["template"]["spec"]
    if pod.get("restartPolicy") not in ("Never", "OnFailure"):
        fail("a Job's pods need restartPolicy Never or OnFailure")
    (container,) = pod["containers"]
    env = {e["name"]: e.get("value") for e in container.get("env", [])}
    if str(spec.get("completions")) != env.get("SHARD_COUNT"):
        fail("SHARD_COUNT (%s) must equal completions (%s)" % (env.get("SHARD_COUNT"), spec.get("completions")))
    script = " ".join(container.get("command", []) + container.get("args", []))
    words = shlex.split(script.split("-c", 1)[1]) if "-c" in script else shlex.split(script)
    if "dinosam" not in words:
        fail("the container does not run dinosam")
    def value(option):
        if option not in words:
            fail("dinosam is not given " + option)
        return words[words.index(option) + 1]
    if value("--shard") != "${JOB_COMPLETION_INDEX}/${SHARD_COUNT}":
        fail("--shard must be ${JOB_COMPLETION_INDEX}/${SHARD_COUNT}, got " + value("--shard"))
    mounts = {m["mountPath"]: m["name"] for m in container.get("volumeMounts", [])}
    volumes = {v["name"]: v for v in pod.get("volumes", [])}

    def volume_of(path):
        best = max((m for m in mounts if path == m or path.startswith(m.rstrip("/") + "/")), key=len, default=None)
        if best is None:
            fail(path + " is on no mounted volume")
        return volumes[mounts[best]]

    if "persistentVolumeClaim" not in volume_of(value("--save-dir")):
        fail("--save-dir must be on the shared volume (a PersistentVolumeClaim)")
    if not ({"hostPath", "emptyDir"} & set(volume_of(value("--cache-dir")))):
        fail("--cache-dir must be on node-local storage (hostPath or emptyDir)")
    for name in mounts.values():
        if name not in volumes:
            fail("volume mount %s has no volume" % name)
    print("k8s-manifest: structure ok (%s pods, shared output, node-local cache)" % spec["completions"])


def find_models():
    candidates = [os.environ.get("DINOSAM_K8S_MODELS", "")]
    here = os.getcwd()
    candidates.append(os.path.join(here, "node_modules", "kubernetes-models"))
    npm = shutil.which("npm")
    if npm:
        try:
            root = subprocess.run([npm, "root", "-g"], capture_output=True, text=True, timeout=30).stdout.strip()
            candidates.append(os.path.join(root, "kubernetes-models"))
        except (OSError, subprocess.SubprocessError):
            pass
    for c in candidates:
        if c and os.path.isfile(os.path.join(c, "batch", "v1", "Job.js")):
            return c
    return None


VALIDATE_JS = r"""
const { Job } = require(process.argv[1] + '/batch/v1/Job');
let text = '';
process.stdin.on('data', d => text += d);
process.stdin.on('end', () => {
  try { new Job(JSON.parse(text)).validate(); }
  catch (e) { console.error(e.message || String(e)); process.exit(1); }
});
"""


def schema(job):
    node = shutil.which("node") or shutil.which("nodejs")
    models = find_models()
    if not node or not models:
        print("k8s-manifest: schema check NOT RUN: needs node and the npm package kubernetes-models "
              "(npm install kubernetes-models; or set DINOSAM_K8S_MODELS); kubeconform/kubeval are not in Debian 12")
        sys.exit(SKIP)
    r = subprocess.run([node, "-e", VALIDATE_JS, models], input=json.dumps(job), capture_output=True, text=True,
                       timeout=120)
    if r.returncode != 0:
        fail("not a valid batch/v1 Job: " + r.stderr.strip())
    version = json.load(open(os.path.join(models, "package.json"))).get("version", "?")
    print("k8s-manifest: valid batch/v1 Job (kubernetes-models %s)" % version)


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[2] not in ("structure", "schema"):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    manifest = load(sys.argv[1])
    (structure if sys.argv[2] == "structure" else schema)(manifest)
