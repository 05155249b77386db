#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh into an EMPTY database and VAR_DIR.
# Usage: DATABASE_URL=... VAR_DIR=... deploy/restore.sh <prefix printed by backup.sh>
# Afterwards: python manage.py migrate --check (no migration missing) and start the portal as usual.
set -euo pipefail
prefix="${1:?usage: deploy/restore.sh <backup prefix>}"
var="${VAR_DIR:-var}"
mkdir -p "$var"
pg_restore --no-owner --no-privileges --exit-on-error --dbname "$DATABASE_URL" "$prefix.dump"
tar -C "$var" -xzf "$prefix-media.tar.gz"
echo "restored $prefix into the database and $var/media"
