"""问题清单: problems the units raise in their progress entries and reports (存在问题), or the office raises, tracked
until resolved: who coordinates, who is asked to help, the state and why."""
