#!/usr/bin/env bash
# End-to-end: `cachelab cache inspect` against real registries — Debian's docker-registry
# on 127.0.0.1, the caches written for real by BuildKit's own tools and by Docker 20.10,
# and registries with htpasswd (Basic) and token (Bearer) auth.
#
# usage: test-registry-inspect.sh CACHELAB_EXECUTABLE
#
# On a private engine (up.sh --buildkit):
#   1. fixtures/moby-cache/build.sh (buildctl, `mod=max`: silently min mode) and
#      build-with-buildx.sh (mode=max) export their caches to repositories of the registry;
#      cachelab must read 3 layers / min and 16 layers / max, the same layers that
#      registry-cache.py (Python, the other reader) finds;
#      with --image (the image the build pushed), the final image's chain is named after its
#      Dockerfile steps;
#   2. build-with-docker.sh pushes an image with an inline cache: cachelab reads it through
#      the image ref (form inline, min), its records named from the image's own history;
#   3. hand-made (not written by any tool here): the buildctl cache re-pushed through the
#      registry API as a Docker manifest list (BuildKit v0.7's form) and as an OCI index
#      (the index form of BuildKit up to v0.20) with a cacheconfig entry;
#   4. errors: a missing tag (404), an image without an inline cache, a closed port, a
#      garbage manifest (hand-made) — one line on stderr, exit status 1;
#   5. Basic auth: a second docker-registry with an htpasswd file (bcrypt, apache2-utils'
#      htpasswd), credentials from config.json `auths`;
#   6. Bearer: a third docker-registry in token mode with a local token service
#      (registry-token-service.py, RS256 JWTs signed with a throw-away key), credentials
#      from a credential helper (`credHelpers`, a docker-credential-* script on PATH).
# No password or token may appear in anything cachelab prints. Nothing but 127.0.0.1 is
# contacted. Exit status: 0 pass, 77 skip (no engine here; a FAILURE when CI=true), other
# fail. Needs root; the BuildKit tools (buildkit-tools.sh build).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=tests/engine/lib.sh
source "$here/lib.sh"

if [ $# -ne 1 ]; then
    echo "usage: $0 CACHELAB_EXECUTABLE" >&2
    exit 2
fi
cachelab=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")

failures=0
pass() { echo "PASS: $*"; }
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}
[ -x "$cachelab" ] || {
    echo "FAIL: $cachelab is not an executable"
    exit 1
}
for tool in curl htpasswd openssl /usr/bin/python3; do
    command -v "$tool" >/dev/null || engine_skip_or_fail "$tool missing (tools/dev.sh test installs it)"
done

engine_require_buildkit_tools

engine_session # sets $work and $state; down.sh runs on any exit
engine_up "$state" --buildkit
echo "engine up: $DOCKER_HOST, registry $CACHELAB_REGISTRY"
out=${CACHELAB_ENGINE_LOG_DIR:-$work/logs}
mkdir -p "$out"
out=$(cd "$out" && pwd)

# Every cachelab call runs with a config of its own (never the engine's DOCKER_CONFIG),
# without proxies, and writes OUT.stdout / OUT.stderr.
anon_config="$work/cfg-anonymous"
mkdir -p "$anon_config"
# inspect NAME CONFIG_DIR ARGS...: cachelab cache inspect ARGS; returns its exit status.
inspect() {
    local name=$1 config=$2 rc=0
    shift 2
    env -u http_proxy -u https_proxy -u HTTP_PROXY -u HTTPS_PROXY -u all_proxy -u ALL_PROXY \
        DOCKER_CONFIG="$config" PATH="$work/bin:$PATH" \
        "$cachelab" cache inspect "$@" >"$out/$name.stdout" 2>"$out/$name.stderr" || rc=$?
    return "$rc"
}
# json NAME EXPR: a value of NAME.stdout (JSON), by a Python expression on `j`.
json() {
    /usr/bin/python3 -c 'import json, sys; j = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' \
        "$out/$1.stdout" "$2"
}
# one_line NAME: NAME.stderr is one line.
one_line() { [ "$(wc -l <"$out/$1.stderr")" -eq 1 ]; }
# expect_cache NAME LAYERS MODE FORM WHY: NAME.stdout (json) describes such a cache.
expect_cache() {
    local name=$1 layers=$2 mode=$3 form=$4 why=$5 got
    got=$(json "$name" '"%s %s %s" % (j["layerCount"], j["mode"], j["form"])' 2>/dev/null || echo "unreadable")
    if [ "$got" = "$layers $mode $form" ]; then
        pass "$name: $layers layers, mode $mode, form $form: $why"
    else
        fail "$name: got '$got', expected '$layers $mode $form': $why"
    fi
}
# expect_error NAME PATTERN WHY: the last inspect failed with one stderr line matching PATTERN.
expect_error() {
    local name=$1 pattern=$2 why=$3 rc=$4
    if [ "$rc" -eq 1 ] && one_line "$name" && grep -qE "$pattern" "$out/$name.stderr" && [ ! -s "$out/$name.stdout" ]; then
        pass "$name: exit 1, '$(cat "$out/$name.stderr")': $why"
    else
        fail "$name: exit $rc, stderr '$(head -c 300 "$out/$name.stderr")', expected one line matching '$pattern': $why"
    fi
}

# ---- 1. the #1515 caches, written for real ----------------------------------------------
reg=$CACHELAB_REGISTRY
p1="$work/p-buildctl"
cp -a "$root/fixtures/moby-cache" "$p1"
repo_bk="$reg/reginspect-buildctl"
issue1515_run "$out" buildctl build.sh "$p1" "$repo_bk" "" .log || {
    echo "FAIL: build.sh failed (log in $out/buildctl.log)"
    exit 1
}
docker buildx prune --builder "$BUILDX_BUILDER" -af >/dev/null
p2="$work/p-buildx"
cp -a "$root/fixtures/moby-cache" "$p2"
repo_bx="$reg/reginspect-buildx"
issue1515_run "$out" buildx build-with-buildx.sh "$p2" "$repo_bx" "" .log || {
    echo "FAIL: build-with-buildx.sh failed (log in $out/buildx.log)"
    exit 1
}
pass "build.sh and build-with-buildx.sh exported their caches to $repo_bk and $repo_bx"

for tool in buildctl buildx; do
    repo_var=repo_bk
    [ "$tool" = buildx ] && repo_var=repo_bx
    ref="${!repo_var}/test:cache"
    rc=0
    inspect "$tool-json" "$anon_config" "$ref" --format json || rc=$?
    if [ "$rc" -ne 0 ]; then
        fail "$tool: cachelab cache inspect $ref exited $rc: $(cat "$out/$tool-json.stderr")"
        continue
    fi
    if [ "$tool" = buildctl ]; then
        expect_cache "$tool-json" 3 min image-manifest "build.sh's mod=max is ignored: the final image's chain only"
    else
        expect_cache "$tool-json" 16 max image-manifest "buildx mode=max: every step's layer"
    fi
    # The same layers as the other reader (registry-cache.py, run by issue1515_run).
    json "$tool-json" '"\n".join(sorted(set(l["digest"] for l in j["layers"])))' >"$work/$tool.cachelab-layers"
    awk '$1 == "layer" { print $2 }' "$out/$tool.registry.txt" | sort -u >"$work/$tool.python-layers"
    if cmp -s "$work/$tool.cachelab-layers" "$work/$tool.python-layers"; then
        pass "$tool: cachelab and registry-cache.py read the same $(wc -l <"$work/$tool.python-layers") blobs"
    else
        fail "$tool: cachelab's layers differ from registry-cache.py's"
    fi
    got=$(json "$tool-json" 'j["transport"] + " " + j["manifestMediaType"]')
    [ "$got" = "plain HTTP application/vnd.oci.image.manifest.v1+json" ] &&
        pass "$tool: read over plain HTTP (loopback), $got" || fail "$tool: transport/media type '$got'"
    # With the image the build pushed, the final image's chain is named after its steps.
    rc=0
    inspect "$tool-named" "$anon_config" "$ref" --image "${!repo_var}/test:1" --format json || rc=$?
    got=$(json "$tool-named" '"%d layers named; final: %s" % (sum(1 for l in j["layers"] if "createdBy" in l), [r.get("step") for r in j["records"] if r["final"]][0])' 2>/dev/null || echo "exit $rc")
    if [ "$got" = "3 layers named; final: COPY js js" ]; then
        pass "$tool: --image ${!repo_var}/test:1 names the final image's chain: $got"
    else
        fail "$tool: --image: '$got' ($(cat "$out/$tool-named.stderr")), expected 3 layers named and the final record = COPY js js"
    fi
    rc=0
    inspect "$tool-text" "$anon_config" "$ref" || rc=$?
    mode=$(sed -n 's/^  mode: //p' "$out/$tool-text.stdout")
    layers=$(sed -n 's/^layers: //p' "$out/$tool-text.stdout")
    echo "  $tool text: mode $mode, layers $layers; evidence:"
    sed -n '/^  mode:/,/^layers:/p' "$out/$tool-text.stdout" | sed -n 's/^    - /      /p'
    if [ "$rc" -eq 0 ] && [ -n "$mode" ] && [ "$mode" = "$(json "$tool-json" 'j["mode"]')" ]; then
        pass "$tool: the text report says mode $mode with $layers layers"
    else
        fail "$tool: text report exit $rc, mode '$mode'"
    fi
done

# ---- 2. inline cache, pushed by the real engine -----------------------------------------
p3="$work/p-inline"
cp -a "$root/fixtures/moby-cache" "$p3"
repo_in="$reg/reginspect-inline"
if DOCKER_REPO=$repo_in "$p3/build-with-docker.sh" >"$out/inline.log" 2>&1; then
    rc=0
    inspect inline "$anon_config" "$repo_in/test:1" --format json || rc=$?
    if [ "$rc" -eq 0 ]; then
        expect_cache inline 3 min inline "Docker 20.10's inline cache in the image config (min only)"
        got=$(json inline 'sum(1 for r in j["records"] if r["hasResults"])')
        pass "inline: $(json inline 'j["recordCount"]') records, $got with results, image $(json inline 'j["manifestMediaType"]')"
        got=$(json inline '" | ".join(r["step"] for r in j["records"] if r.get("step"))')
        case "$got" in
        *"COPY js js"*) pass "inline: records named from the image's own history: $got" ;;
        *) fail "inline: records named '$got', expected COPY js js among them" ;;
        esac
    else
        fail "inline: cachelab cache inspect $repo_in/test:1 exited $rc: $(cat "$out/inline.stderr")"
    fi
else
    fail "build-with-docker.sh failed (log in $out/inline.log)"
fi

# ---- registry API by hand (curl) ----------------------------------------------------------
# reg_curl ARGS...: curl for the loopback registries, never through a proxy.
reg_curl() { curl --noproxy '*' -sS --max-time 30 "$@"; }
# fetch_blob REGISTRY REPO DIGEST FILE
fetch_blob() { reg_curl -f -o "$4" "http://$1/v2/$2/blobs/$3"; }
# push_blob REGISTRY REPO FILE [CURL_AUTH...]: upload FILE as a blob (monolithic PUT).
push_blob() {
    local registry=$1 repo=$2 file=$3 digest location
    shift 3
    digest="sha256:$(sha256sum "$file" | cut -d' ' -f1)"
    location=$(reg_curl -f "$@" -X POST -D - -o /dev/null "http://$registry/v2/$repo/blobs/uploads/" |
        tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
    [ -n "$location" ] || return 1
    case "$location" in /*) location="http://$registry$location" ;; esac
    case "$location" in *\?*) location="$location&digest=$digest" ;; *) location="$location?digest=$digest" ;; esac
    reg_curl -f "$@" -X PUT -H 'Content-Type: application/octet-stream' --data-binary "@$file" "$location" -o /dev/null
}
# push_manifest REGISTRY REPO TAG FILE MEDIA_TYPE [CURL_AUTH...]
push_manifest() {
    local registry=$1 repo=$2 tag=$3 file=$4 type=$5
    shift 5
    reg_curl -f "$@" -X PUT -H "Content-Type: $type" --data-binary "@$file" \
        "http://$registry/v2/$repo/manifests/$tag" -o /dev/null
}
# copy_cache SRC_REGISTRY SRC_REPO DST_REGISTRY DST_REPO TAG [CURL_AUTH...]: the cache
# manifest SRC_REPO:TAG, its cacheconfig and layers, byte for byte into DST_REPO:TAG.
copy_cache() {
    local src=$1 srepo=$2 dst=$3 drepo=$4 tag=$5 dir digest
    shift 5
    dir=$(mktemp -d "$work/copy.XXXXXX")
    reg_curl -f -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
        -o "$dir/manifest.json" "http://$src/v2/$srepo/manifests/$tag" || return 1
    for digest in $(/usr/bin/python3 -c 'import json, sys; m = json.load(open(sys.argv[1]))
print(m["config"]["digest"]); [print(l["digest"]) for l in m["layers"]]' "$dir/manifest.json" | sort -u); do
        fetch_blob "$src" "$srepo" "$digest" "$dir/blob" || return 1
        push_blob "$dst" "$drepo" "$dir/blob" "$@" || return 1
    done
    push_manifest "$dst" "$drepo" "$tag" "$dir/manifest.json" application/vnd.oci.image.manifest.v1+json "$@"
}

# ---- 3. hand-made cache forms -----------------------------------------------------------
# The buildctl cache's own blobs, under new manifests of the index forms: a Docker manifest
# list (BuildKit v0.7) and an OCI index (BuildKit up to v0.20 without image-manifest=true).
# Hand-made: no tool here writes them.
bk_repo_path="reginspect-buildctl/test"
reg_curl -f -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
    -o "$work/bk-manifest.json" "http://$reg/v2/$bk_repo_path/manifests/cache"
for form in docker-list oci-index; do
    /usr/bin/python3 - "$work/bk-manifest.json" "$form" >"$work/handmade-$form.json" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1]))
if sys.argv[2] == "docker-list":
    # BuildKit v0.7: a Docker manifest list; layers as Docker rootfs diffs.
    layer_type = "application/vnd.docker.image.rootfs.diff.tar.gzip"
    media_type = "application/vnd.docker.distribution.manifest.list.v2+json"
else:
    layer_type = None
    media_type = "application/vnd.oci.image.index.v1+json"
entries = []
for layer in m["layers"]:
    entry = dict(layer)
    if layer_type:
        entry["mediaType"] = layer_type
    entries.append(entry)
entries.append(m["config"])
print(json.dumps({"schemaVersion": 2, "mediaType": media_type, "manifests": entries}))
EOF
    type=application/vnd.oci.image.index.v1+json
    [ "$form" = docker-list ] && type=application/vnd.docker.distribution.manifest.list.v2+json
    if push_manifest "$reg" "$bk_repo_path" "handmade-$form" "$work/handmade-$form.json" "$type"; then
        rc=0
        inspect "handmade-$form" "$anon_config" "$repo_bk/test:handmade-$form" --format json || rc=$?
        if [ "$rc" -eq 0 ]; then
            expect_cache "handmade-$form" 3 min index "hand-made $type over the buildctl cache's blobs"
            got=$(json "handmade-$form" 'j["manifestMediaType"]')
            [ "$got" = "$type" ] && pass "handmade-$form: media type $got" || fail "handmade-$form: media type '$got'"
        else
            fail "handmade-$form: exit $rc: $(cat "$out/handmade-$form.stderr")"
        fi
    else
        fail "handmade-$form: the registry refused the hand-made $type"
    fi
done

# ---- 4. errors: one clear line, exit 1 -----------------------------------------------------
rc=0
inspect missing-tag "$anon_config" "$repo_bk/test:nosuchtag" || rc=$?
expect_error missing-tag '404 not found: manifest unknown' "a tag that does not exist" "$rc"
rc=0
inspect no-inline "$anon_config" "$reg/library/alpine:latest" || rc=$?
expect_error no-inline 'without an inline cache' "the base image has no cache in it" "$rc"
closed_port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
rc=0
inspect closed-port "$anon_config" "127.0.0.1:$closed_port/x/test:cache" --timeout 5 || rc=$?
expect_error closed-port 'Connection refused' "nothing listens there" "$rc"
# Hand-made: an image manifest whose config descriptor names a gzip layer blob.
/usr/bin/python3 - "$work/bk-manifest.json" >"$work/garbage.json" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1]))
print(json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                  "config": m["layers"][0], "layers": []}))
EOF
push_manifest "$reg" "$bk_repo_path" handmade-garbage "$work/garbage.json" application/vnd.oci.image.manifest.v1+json || true
rc=0
inspect handmade-garbage "$anon_config" "$repo_bk/test:handmade-garbage" || rc=$?
expect_error handmade-garbage 'not a JSON object|not JSON' "hand-made: an image manifest whose config is a gzip layer" "$rc"

# ---- helpers to start more registries under $state (down.sh stops them) --------------------
free_port() { /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# start_registry NAME PORT AUTH_YAML: docker-registry with STATE/NAME.yml; waits for /v2/.
start_registry() {
    local name=$1 port=$2 auth=$3 pid i
    mkdir -p "$state/$name"
    cat >"$state/$name.yml" <<EOF
version: 0.1
log:
  level: info
storage:
  filesystem:
    rootdirectory: $state/$name
http:
  addr: 127.0.0.1:$port
$auth
EOF
    setsid /usr/bin/docker-registry serve "$state/$name.yml" </dev/null >>"$state/$name.log" 2>&1 &
    pid=$!
    echo "$name $pid" >>"$state/pids"
    for ((i = 0; i < 100; i++)); do
        # Any HTTP answer (401 here) means it listens.
        if [ "$(reg_curl -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v2/" 2>/dev/null || true)" != 000 ]; then
            return 0
        fi
        [ -n "$(engine_alive "$pid")" ] || break
        sleep 0.1
    done
    tail -n 20 "$state/$name.log" >&2
    return 1
}
# no_secrets WHAT SECRET...: nothing cachelab printed for the calls so far holds a secret.
no_secrets() {
    local what=$1 secret leaked=""
    shift
    for secret in "$@"; do
        if grep -rqF -- "$secret" "$out"/*.stdout "$out"/*.stderr; then leaked=yes; fi
    done
    if [ -z "$leaked" ]; then
        pass "$what: no password, auth string or token in anything cachelab printed"
    else
        fail "$what: a secret appears in cachelab's output (see $out)"
    fi
}

# ---- 5. Basic auth: docker-registry with htpasswd ---------------------------------------
basic_user=cachelab
basic_password="basic-$(openssl rand -hex 12)"
htpasswd -Bbc "$state/htpasswd" "$basic_user" "$basic_password" 2>/dev/null
basic_port=$(free_port)
if start_registry registry-basic "$basic_port" "auth:
  htpasswd:
    realm: cachelab-basic
    path: $state/htpasswd"; then
    basic_reg="127.0.0.1:$basic_port"
    if copy_cache "$reg" "$bk_repo_path" "$basic_reg" "$bk_repo_path" cache -u "$basic_user:$basic_password"; then
        pass "basic: the buildctl cache copied into $basic_reg (htpasswd auth) with curl"
    else
        fail "basic: could not push to $basic_reg"
    fi
    basic_config="$work/cfg-basic"
    mkdir -p "$basic_config"
    printf '{"auths":{"%s":{"auth":"%s"}}}\n' "$basic_reg" \
        "$(printf '%s:%s' "$basic_user" "$basic_password" | base64 -w0)" >"$basic_config/config.json"
    wrong_config="$work/cfg-basic-wrong"
    mkdir -p "$wrong_config"
    printf '{"auths":{"%s":{"auth":"%s"}}}\n' "$basic_reg" \
        "$(printf '%s:%s' "$basic_user" "wrong-$basic_password" | base64 -w0)" >"$wrong_config/config.json"

    rc=0
    inspect basic-anonymous "$anon_config" "$basic_reg/$bk_repo_path:cache" || rc=$?
    expect_error basic-anonymous '401 Unauthorized: the registry wants Basic auth and no user and password were found' \
        "htpasswd registry, no credentials" "$rc"
    rc=0
    inspect basic-wrong "$wrong_config" "$basic_reg/$bk_repo_path:cache" || rc=$?
    expect_error basic-wrong "refused the credentials of user $basic_user" "htpasswd registry, wrong password" "$rc"
    rc=0
    inspect basic "$basic_config" "$basic_reg/$bk_repo_path:cache" --format json || rc=$?
    if [ "$rc" -eq 0 ]; then
        expect_cache basic 3 min image-manifest "through Basic auth, credentials from config.json auths"
        [ "$(json basic 'j["manifestDigest"]')" = "$(json buildctl-json 'j["manifestDigest"]')" ] &&
            pass "basic: the same manifest digest as in the anonymous registry" ||
            fail "basic: manifest digest differs from the original"
    else
        fail "basic: exit $rc: $(cat "$out/basic.stderr")"
    fi
    no_secrets basic "$basic_password" "$(printf '%s:%s' "$basic_user" "$basic_password" | base64 -w0)"
else
    fail "basic: docker-registry with htpasswd auth did not start (log $state/registry-basic.log)"
fi

# ---- 6. Bearer: docker-registry in token mode and a local token service -------------------
token_user=cachelab
token_password="bearer-$(openssl rand -hex 12)"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$state/token.key" -out "$state/token.crt" \
    -days 2 -subj /CN=cachelab-token-service >/dev/null 2>&1
CACHELAB_TOKEN_PASSWORD=$token_password setsid /usr/bin/python3 "$here/registry-token-service.py" \
    "$state/" "$token_user" </dev/null >>"$state/token-service.log" 2>&1 &
echo "token-service $!" >>"$state/pids"
for ((i = 0; i < 100; i++)); do
    [ -s "$state/token-service.port" ] && break
    sleep 0.1
done
token_port=$(cat "$state/token-service.port" 2>/dev/null || true)
bearer_port=$(free_port)
if [ -n "$token_port" ] && start_registry registry-bearer "$bearer_port" "auth:
  token:
    realm: http://127.0.0.1:$token_port/token
    service: cachelab-registry
    issuer: cachelab-token-service
    rootcertbundle: $state/token.crt"; then
    bearer_reg="127.0.0.1:$bearer_port"
    push_token=$(reg_curl -f -u "$token_user:$token_password" \
        "http://127.0.0.1:$token_port/token?service=cachelab-registry&scope=repository:$bk_repo_path:pull,push" |
        /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
    if copy_cache "$reg" "$bk_repo_path" "$bearer_reg" "$bk_repo_path" cache -H "Authorization: Bearer $push_token"; then
        pass "bearer: the buildctl cache copied into $bearer_reg (token auth) with curl and a push token"
    else
        fail "bearer: could not push to $bearer_reg"
    fi
    # Credentials through a credential helper, as `docker login` with a credsStore leaves them.
    mkdir -p "$work/bin" "$work/cfg-bearer" "$work/cfg-bearer-wrong"
    cat >"$work/bin/docker-credential-cachelabtest" <<EOF
#!/bin/sh
# test credential helper: one registry, the password from a file
[ "\$1" = get ] || exit 2
read -r host
[ "\$host" = "$bearer_reg" ] || { echo "credentials not found in native keychain"; exit 1; }
printf '{"ServerURL":"%s","Username":"%s","Secret":"%s"}' "\$host" "$token_user" "\$(cat "\$(dirname "\$0")/\${CACHELAB_TEST_SECRET_FILE:-secret}")"
EOF
    chmod +x "$work/bin/docker-credential-cachelabtest"
    printf '%s' "$token_password" >"$work/bin/secret"
    printf '%s' "wrong-$token_password" >"$work/bin/secret-wrong"
    printf '{"credHelpers":{"%s":"cachelabtest"}}\n' "$bearer_reg" >"$work/cfg-bearer/config.json"

    rc=0
    inspect bearer-anonymous "$anon_config" "$bearer_reg/$bk_repo_path:cache" || rc=$?
    expect_error bearer-anonymous 'token service 127.0.0.1 answered 401: no credentials found' \
        "token registry, no credentials" "$rc"
    rc=0
    CACHELAB_TEST_SECRET_FILE=secret-wrong inspect bearer-wrong "$work/cfg-bearer" "$bearer_reg/$bk_repo_path:cache" || rc=$?
    expect_error bearer-wrong "refused the credentials of user $token_user" "token registry, wrong password" "$rc"
    rc=0
    inspect bearer "$work/cfg-bearer" "$bearer_reg/$bk_repo_path:cache" --format json || rc=$?
    if [ "$rc" -eq 0 ]; then
        expect_cache bearer 3 min image-manifest "through the Bearer token flow, credentials from a credential helper"
        grep -q "granted $token_user .*'pull'" "$state/token-service.log" &&
            pass "bearer: the token service granted a pull token to $token_user" ||
            fail "bearer: the token service log shows no pull grant"
    else
        fail "bearer: exit $rc: $(cat "$out/bearer.stderr")"
    fi
    no_secrets bearer "$token_password" "$push_token" \
        "$(printf '%s:%s' "$token_user" "$token_password" | base64 -w0)"
else
    fail "bearer: the token service or the token-mode docker-registry did not start (logs in $state)"
fi

# Nothing but loopback: every registry the ref named was 127.0.0.1.
if grep -rhoE 'https?://[^/ "]+' "$out"/*.stdout "$out"/*.stderr 2>/dev/null | grep -vE '://127\.0\.0\.1(:|$)' | grep -q .; then
    fail "cachelab printed a URL that is not on 127.0.0.1"
else
    pass "every URL cachelab printed is on 127.0.0.1"
fi

if [ "$failures" -eq 0 ]; then
    echo "PASS: test-registry-inspect ($SECONDS s in all)"
    exit 0
fi
echo "FAIL: test-registry-inspect: $failures check(s) failed (outputs in $out)"
exit 1
