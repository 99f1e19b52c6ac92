rule check_ilr_claims:
    """Check the ILR claims of Sule et al. / Rozowski et al. against the measured tables."""
    input:
        errors="results/tables/ilr_errors.tsv",
        fits="results/tables/sv_fits.tsv",
        stats="results/tables/w1_stats.tsv",
    output:
        "results/claims/ilr.tsv",
    log:
        "results/logs/check_ilr_claims.log",
    conda:
        ENV
    params:
        r2_good=0.9,
    script:
        "../scripts/check_ilr_claims.py"


rule collect_claims:
    """Gather every claim fragment into one table for the report."""
    input:
        ["results/claims/ilr.tsv", "results/claims/descrambling.tsv"],
    output:
        report(
            "results/tables/claims.tsv",
            caption="../report/claims.rst",
            category="Claims",
        ),
    log:
        "results/logs/collect_claims.log",
    conda:
        ENV
    script:
        "../scripts/collect_claims.py"
