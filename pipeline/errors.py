"""One exception root; a failed document becomes a row with a reason, not a traceback."""


class PipelineError(Exception):
    """Root of every error the pipeline raises on purpose."""


class UsageError(PipelineError):
    """The command line or configuration is wrong (exit code 2)."""


class DocumentError(PipelineError):
    """One document cannot be processed; the message is the `error` a person reads."""


class PatternError(PipelineError):
    """A pattern or alias data file is malformed."""
