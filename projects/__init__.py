"""Domain, above tasks: the 17 key projects in five groups and the three safeguard measures."""
