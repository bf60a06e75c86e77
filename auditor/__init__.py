"""aml-auditor: a security-posture auditor for Azure Machine Learning."""

__version__ = "0.1.0"
