rule collect_claims:
    """Gather every claim fragment into one table for the report."""
    input:
        # filled by each problem's rule file (included after this one)
        lambda wc: CLAIMS,
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
    params:
        code=code("collect_claims"),
    script:
        "../scripts/collect_claims.py"
