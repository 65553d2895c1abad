// intentionally empty: see nodeBuiltins.cjs
