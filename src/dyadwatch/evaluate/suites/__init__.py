"""One module per gold set; each exposes run_<suite>(data_dir, limit) or run(data_dir, limit)."""
