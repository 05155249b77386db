"""Domain, above projects: the 47 quantitative targets, their statements in the plan, province-wide values, baselines,
and the allocation of a provincial target among prefectures."""
