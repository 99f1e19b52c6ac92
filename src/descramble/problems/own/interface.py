"""Interface of the ``own`` problem: networks trained elsewhere, imported from model files.

Nothing is synthesised or trained by the shared stages: ``workflow/rules/own.smk``
imports the configured models and probes and analyses them (see
:mod:`descramble.problems.own`).
"""

SHARED_STAGES = False
