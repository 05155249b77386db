#!/usr/bin/env bash
# Back up the portal: the PostgreSQL database (pg_dump, custom format) and the files under VAR_DIR/media
# (evidence). Usage: DATABASE_URL=... VAR_DIR=... deploy/backup.sh <backup folder>
# Prints the prefix of the two files it wrote; deploy/restore.sh takes that prefix.
set -euo pipefail
out="${1:?usage: deploy/backup.sh <backup folder>}"
var="${VAR_DIR:-var}"
stamp="$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out" "$var/media"
pg_dump --format=custom --no-owner --no-privileges --file "$out/portal-$stamp.dump" "$DATABASE_URL"
tar -C "$var" -czf "$out/portal-$stamp-media.tar.gz" media
echo "$out/portal-$stamp"
