"""What needs each user's action today, by role (the work queue): read by the home page and by the daily digest,
from every part of the supervision loop. An aggregate over the domain apps, below the pages and jobs that show it."""
