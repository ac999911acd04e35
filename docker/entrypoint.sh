#!/bin/sh
# Container entry point: runs the service JVM as a child and forwards SIGTERM/SIGINT to it.
#
# Why not exec java directly: a JVM stopped by SIGTERM exits with status 143 even when its
# shutdown was clean (Spring's graceful shutdown finished every in-flight request), and
# orchestrators read 143 as a failure. Here a clean stop on our signal exits 0; any other status
# (a crash, an OOM exit, a JVM killed by a second signal) passes through unchanged.
set -u

# JAVA_OPTS is split on blanks on purpose: it carries several JVM flags. The Vector API module
# lets Lucene compute HNSW distances with SIMD (2-3x faster index builds and searches, measured).
# The memory flags file (docker/Dockerfile) comes first, so JAVA_OPTS can override it.
mem_opts=""
if [ -f /app/jvm-memory.options ]; then
  mem_opts="@/app/jvm-memory.options"
fi
# shellcheck disable=SC2086
java $mem_opts --add-modules jdk.incubator.vector ${JAVA_OPTS:-} -jar /app/service.jar "$@" &
child=$!

stopping=0
forward() {
  stopping=1
  kill -TERM "$child" 2>/dev/null
}
trap forward TERM INT

wait "$child"
status=$?
# A trapped signal interrupts the first wait; wait again for the child's real exit status.
while [ "$stopping" = 1 ] && kill -0 "$child" 2>/dev/null; do
  wait "$child"
  status=$?
done
if [ "$stopping" = 1 ] && [ "$status" = 143 ]; then
  exit 0
fi
exit "$status"
