"""Domain, bottom layer: the agencies the plan names, the 16 prefectures, users with their roles and API tokens,
and who-is-who rules every other app builds on (agencies.permissions); also the admin site."""
