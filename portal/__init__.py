"""Migrations only: the former shared app created the snapshot, notification and export tables; their models now
live in snapshots/, notifications/ and workbook/, and these migrations let an older database migrate forward."""
