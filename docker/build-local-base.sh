#!/usr/bin/env bash
# Makes local stand-ins for the official base images on a machine that cannot reach any image
# registry (see docs/deploy.md, "Building without a registry"):
#
#   muq-local/debian:bookworm   Debian bookworm minbase root file system (debootstrap from the
#                               machine's apt mirror), imported as an image
#   muq-local/temurin:25-jre    that Debian plus a jlink'ed Java 25 runtime laid out like the
#                               official eclipse-temurin:25-jre image (/opt/java/openjdk,
#                               JAVA_HOME, PATH)
#
# Then build the service image against it:
#   docker build -f docker/Dockerfile --build-arg BASE_IMAGE=muq-local/temurin:25-jre \
#       --build-arg BUILD_IMAGE=muq-local/temurin:25-jre -t muq-service:local .
#
# Idempotent: an image that already exists is kept (FORCE=1 rebuilds both). Needs root,
# debootstrap, a running Docker engine and a JDK 25 (JAVA_HOME or the Temurin 25 install).
# Environment: DEBIAN_MIRROR (default: the first Debian URI in the apt sources),
# LOCAL_DEBIAN_IMAGE, LOCAL_JRE_IMAGE (image names), JAVA_HOME.
set -euo pipefail

DEBIAN_IMAGE=${LOCAL_DEBIAN_IMAGE:-muq-local/debian:bookworm}
JRE_IMAGE=${LOCAL_JRE_IMAGE:-muq-local/temurin:25-jre}
FORCE=${FORCE:-0}

# The modules of a JRE: every java.se module plus the jdk.* ones that servers commonly use at run
# time (JFR, JMX agent, crypto providers, DNS naming, zip file system, the Vector API that Lucene
# uses when present, locale data). Tools (javac, jshell, ...) are left out, as in a JRE image.
JRE_MODULES=java.se,jdk.unsupported,jdk.management,jdk.management.agent,jdk.jfr,jdk.crypto.cryptoki,jdk.naming.dns,jdk.zipfs,jdk.httpserver,jdk.incubator.vector,jdk.localedata,jdk.charsets,jdk.net,jdk.jdwp.agent

log() { echo "build-local-base: $*" >&2; }

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

find_jdk() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25*; do
    if [ -n "$candidate" ] && [ -x "$candidate/bin/jlink" ] \
        && "$candidate/bin/java" -version 2>&1 | grep -q 'version "25'; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

debian_mirror() {
  if [ -n "${DEBIAN_MIRROR:-}" ]; then echo "$DEBIAN_MIRROR"; return; fi
  # deb822 sources (URIs: ...) first, then one-line sources (deb URI suite ...).
  local uri
  uri=$(grep -hsE '^URIs:.*/debian/?$' /etc/apt/sources.list.d/*.sources 2>/dev/null \
        | head -n 1 | awk '{print $2}')
  if [ -z "$uri" ]; then
    uri=$(grep -hsE '^deb +(\[[^]]*\] +)?[a-z]+://[^ ]*/debian/? ' /etc/apt/sources.list \
          /etc/apt/sources.list.d/*.list 2>/dev/null | head -n 1 \
          | sed -E 's/^deb +(\[[^]]*\] +)?//' | awk '{print $1}')
  fi
  echo "${uri:-http://deb.debian.org/debian}"
}

work=$(mktemp -d /tmp/muq-local-base.XXXXXX)
trap 'rm -rf "$work"' EXIT

if [ "$FORCE" != 1 ] && image_exists "$DEBIAN_IMAGE"; then
  log "$DEBIAN_IMAGE exists, kept"
else
  command -v debootstrap >/dev/null || { log "debootstrap missing: apt-get install -y debootstrap"; exit 1; }
  mirror=$(debian_mirror)
  log "debootstrap bookworm (minbase) from $mirror"
  debootstrap --variant=minbase --include=ca-certificates bookworm "$work/rootfs" "$mirror" \
    >"$work/debootstrap.log" 2>&1 || { tail -n 30 "$work/debootstrap.log" >&2; exit 1; }
  # Slim the file system as the official Debian images do: no apt lists, caches or docs.
  rm -rf "$work/rootfs"/var/lib/apt/lists/* "$work/rootfs"/var/cache/apt/*.bin \
         "$work/rootfs"/var/cache/apt/archives/*.deb "$work/rootfs"/usr/share/doc/* \
         "$work/rootfs"/usr/share/man/* "$work/rootfs"/usr/share/info/*
  tar --numeric-owner -C "$work/rootfs" -c . \
    | docker import --change 'CMD ["bash"]' --change 'ENV LANG=C.UTF-8' - "$DEBIAN_IMAGE" >/dev/null
  log "imported $DEBIAN_IMAGE"
  rm -rf "$work/rootfs"
fi

if [ "$FORCE" != 1 ] && image_exists "$JRE_IMAGE"; then
  log "$JRE_IMAGE exists, kept"
else
  jdk=$(find_jdk) || { log "no JDK 25 with jlink found (set JAVA_HOME)"; exit 1; }
  log "jlink a Java runtime from $jdk"
  mkdir -p "$work/ctx"
  "$jdk/bin/jlink" --add-modules "$JRE_MODULES" --strip-debug --no-header-files --no-man-pages \
    --compress=zip-6 --output "$work/ctx/openjdk"
  # The CDS archive of the default class list makes every JVM start faster, as in Temurin's JRE.
  "$work/ctx/openjdk/bin/java" -Xshare:dump >/dev/null 2>&1 || true
  cat >"$work/ctx/Dockerfile" <<DOCKERFILE
FROM $DEBIAN_IMAGE
ENV JAVA_HOME=/opt/java/openjdk
ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
ENV LANG=C.UTF-8 LANGUAGE=en_US:en LC_ALL=C.UTF-8
COPY openjdk /opt/java/openjdk
RUN java -version
CMD ["java", "-version"]
DOCKERFILE
  DOCKER_BUILDKIT=0 docker build -q -t "$JRE_IMAGE" "$work/ctx" >/dev/null
  log "built $JRE_IMAGE"
fi
docker image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E "^(${DEBIAN_IMAGE}|${JRE_IMAGE}) " >&2 || true
