rule evaluate_errors:
    """Test-set relative errors per parameter, for every network and the NLLS baseline."""
    input:
        models=model_paths(),
        data=data_paths("data"),
        nlls=data_paths("nlls"),
    output:
        "results/tables/ilr_errors.tsv",
    log:
        "results/logs/evaluate_errors.log",
    conda:
        ENV
    script:
        "../scripts/evaluate_errors.py"
