#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# A stand-in for the docker CLI in tst_labregistry's registry:2 case, for machines whose
# engine cannot pull: `version`, `image inspect`, `pull`, `run -d` (a Python HTTP server on
# the published 127.0.0.1 port whose /v2/ answers 200, as the registry's does), `ps -aq`
# with name and label filters, and `rm -f`. State and a log of every call in
# $FAKE_DOCKER_STATE.
import json, os, signal, subprocess, sys

state_dir = os.environ["FAKE_DOCKER_STATE"]
os.makedirs(state_dir, exist_ok=True)
args = sys.argv[1:]
with open(os.path.join(state_dir, "calls.log"), "a") as log:
    log.write(" ".join(args) + "\n")
containers_file = os.path.join(state_dir, "containers.json")
containers = json.load(open(containers_file)) if os.path.exists(containers_file) else {}
pulled = os.path.join(state_dir, "pulled")


def save():
    json.dump(containers, open(containers_file, "w"))


def remove(key):
    for name, c in list(containers.items()):
        if key in (name, c["id"]):
            try:
                os.kill(c["pid"], signal.SIGTERM)
            except ProcessLookupError:
                pass
            del containers[name]
            save()
            return 0
    print("Error: No such container: " + key, file=sys.stderr)
    return 1


if args[:1] == ["version"]:
    print("20.10.24")
    sys.exit(0)
if args[:2] == ["image", "inspect"]:
    sys.exit(0 if os.path.exists(pulled) else 1)
if args[:1] == ["pull"]:
    open(pulled, "w").close()
    print("Status: Downloaded newer image for " + args[1])
    sys.exit(0)
if args[:2] == ["rm", "-f"]:
    sys.exit(remove(args[2]))
if args[:2] == ["run", "-d"]:
    name = args[args.index("--name") + 1]
    label = args[args.index("--label") + 1]
    port = args[args.index("-p") + 1].split(":")[1]
    root = os.path.join(state_dir, "www-" + name)
    os.makedirs(os.path.join(root, "v2"), exist_ok=True)
    server = subprocess.Popen([sys.executable, "-m", "http.server", port, "--bind", "127.0.0.1",
                               "--directory", root], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    cid = "%012x" % server.pid
    containers[name] = {"id": cid, "pid": server.pid, "label": label}
    save()
    print(cid)
    sys.exit(0)
if args[:2] == ["ps", "-aq"]:
    filters = [args[i + 1] for i, a in enumerate(args) if a == "--filter"]
    for name, c in containers.items():
        if all((f.startswith("name=") and f[5:] == "^%s$" % name) or
               (f.startswith("label=") and f[6:] == c["label"]) for f in filters):
            print(c["id"])
    sys.exit(0)
print("fake docker: unexpected " + " ".join(args), file=sys.stderr)
sys.exit(2)
