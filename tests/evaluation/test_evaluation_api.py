"""/api/v1/scores/ and /api/v1/evaluation/final/: the same figures as the pages, as far as the user may read."""

import time_machine

from evaluation.scoring import DEFAULT_CRITERIA
from evaluation.services import scheme_save
from tests.responses import json_of


def test_scores_for_each_role_and_bad_years(users, client_for):
    with time_machine.travel("2026-03-02 09:00 +0800"):
        scheme_save(year=2025, criteria=DEFAULT_CRITERIA, actor=users["coordinator"], expected_version=0)
        everything = json_of(client_for("leader").get("/api/v1/scores/?year=2025"))
        assert sum(1 for s in everything["scores"] if s["kind"] == "prefecture") == 16
        assert everything["scores"][0]["criteria"][0]["explanation"].startswith("事项按期完成率")
        own = json_of(client_for("kunming").get("/api/v1/scores/?year=2025"))
        assert [s["agency"] for s in own["scores"]] == ["昆明市"]
        client = client_for("leader")
        assert client.get("/api/v1/scores/?year=20x5").status_code == 400
        assert client.get("/api/v1/scores/?year=2024").status_code == 404
        final = json_of(client.get("/api/v1/evaluation/final/"))
        assert final["ended"] and sum(final["item_counts"].values()) == len(final["items"])
        assert client_for("kunming").get("/api/v1/evaluation/final/").status_code == 403
