#!/usr/bin/python3
"""registry-cache.py REGISTRY REPO TAG OUT_PREFIX — fetch a BuildKit registry cache.

GET /v2/REPO/manifests/TAG from the plain-HTTP registry at REGISTRY (a
127.0.0.1:PORT of the private engine), accepting the OCI index and image
manifest and the Docker manifest list and v2 manifest types; then the
cacheconfig blob it names. Both digests are checked. Writes, byte for byte as
served:
    OUT_PREFIX.manifest.json      the cache manifest
    OUT_PREFIX.cacheconfig.json   its application/vnd.buildkit.cacheconfig.v0 blob
and prints a summary on stdout, one item a line:
    form image-manifest|index     (v0.21+ default | the older index form)
    media-type <the manifest's media type>
    layers <N>                    layer blobs in the manifest
    cacheconfig-layers <N>        entries of the cacheconfig's `layers`
    records <N>                   entries of the cacheconfig's `records`
    layer <digest>                one line per layer blob, manifest order
Exit status 1 with a message on stderr when anything is missing or wrong.
"""
import hashlib
import json
import sys
import urllib.error
import urllib.request

CACHECONFIG = "application/vnd.buildkit.cacheconfig.v0"
ACCEPT = ", ".join([
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.docker.distribution.manifest.v2+json",
])


def fail(msg):
    print(f"registry-cache.py: {msg}", file=sys.stderr)
    sys.exit(1)


def get(opener, url, accept=None):
    req = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    try:
        with opener.open(req, timeout=30) as resp:
            return resp.read(), resp.headers
    except urllib.error.HTTPError as e:
        fail(f"GET {url}: HTTP {e.code} {e.read()[:200]!r}")
    except urllib.error.URLError as e:
        fail(f"GET {url}: {e.reason}")


def check_digest(body, digest, what):
    algo, _, want = (digest or "").partition(":")
    if algo != "sha256" or hashlib.sha256(body).hexdigest() != want:
        fail(f"{what}: content does not match digest {digest}")


def main():
    if len(sys.argv) != 5:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    registry, repo, tag, out = sys.argv[1:]
    host = registry.split(":")[0]
    if host not in ("127.0.0.1", "localhost"):
        fail(f"refusing a registry that is not on loopback: {registry}")
    # No proxy, whatever the environment says: the registry is local.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    base = f"http://{registry}/v2/{repo}"

    body, headers = get(opener, f"{base}/manifests/{tag}", ACCEPT)
    if headers.get("Docker-Content-Digest"):
        check_digest(body, headers["Docker-Content-Digest"], f"{repo}:{tag}")
    manifest = json.loads(body)
    media_type = manifest.get("mediaType") or headers.get("Content-Type", "")
    if "manifests" in manifest:
        form = "index"
        descs = manifest["manifests"]
        config = [d for d in descs if d.get("mediaType") == CACHECONFIG]
        layers = [d for d in descs if d.get("mediaType") != CACHECONFIG]
        if len(config) != 1:
            fail(f"{repo}:{tag}: {len(config)} cacheconfig descriptors in the index")
        config = config[0]
    else:
        form = "image-manifest"
        config = manifest.get("config") or {}
        layers = manifest.get("layers") or []
        if config.get("mediaType") != CACHECONFIG:
            fail(f"{repo}:{tag}: config media type {config.get('mediaType')!r}, not {CACHECONFIG}")

    blob, _ = get(opener, f"{base}/blobs/{config['digest']}")
    check_digest(blob, config["digest"], f"{repo}:{tag} cacheconfig")
    cacheconfig = json.loads(blob)

    with open(f"{out}.manifest.json", "wb") as f:
        f.write(body)
    with open(f"{out}.cacheconfig.json", "wb") as f:
        f.write(blob)

    print(f"form {form}")
    print(f"media-type {media_type}")
    print(f"layers {len(layers)}")
    print(f"cacheconfig-layers {len(cacheconfig.get('layers') or [])}")
    print(f"records {len(cacheconfig.get('records') or [])}")
    for d in layers:
        print(f"layer {d['digest']}")


if __name__ == "__main__":
    main()
