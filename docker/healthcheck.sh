#!/bin/bash
# Docker HEALTHCHECK: healthy when the readiness group answers 200 (models loaded and warmed up).
# Plain bash over /dev/tcp: neither curl nor wget is in every base image, and a JVM per check
# would cost more than the service's own requests.
set -u
port=${SERVER_PORT:-8080}
path=${HEALTHCHECK_PATH:-/actuator/health/readiness}
exec 3<>"/dev/tcp/127.0.0.1/${port}" || exit 1
printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$path" >&3
read -r -t 2 _ code _ <&3 || exit 1
[ "$code" = 200 ]
