"""Rules: one module per rule, named for what it finds. `newslint.codes` maps codes to them."""
