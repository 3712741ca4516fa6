"""learnpath: YAML learning plans in, one mastery-based learning-path site per student out.

The pipeline, one module per stage: load -> validate -> model -> mastery -> render -> html -> build.
"""

__version__ = "0.1.0"
