"""Domain: the plan's structure (plan, source paragraphs, principles, goal areas, task groups) and its tasks with
their responsibilities; the shared plan-item base, item permissions, and the item page and API that apps above
extend (core.pages panels, composed in yunnan_emergency/)."""
