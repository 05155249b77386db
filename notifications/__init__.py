"""Domain, above agencies: in-app notices to users (the bell), e-mailed once; apps above create them."""
