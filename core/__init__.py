"""The kernel: helpers every app uses and that know no app (loading and bulk SQL, the one stale-version error,
form, xlsx and upload helpers, the API error shape and paging, jobs sent by name, page panels, the light rules).
It imports only Django and libraries; the import contract in pyproject.toml keeps it so."""
