"""The one error policy: a UserError is bad input or a missing file or tool, something the user can fix.
`cli.run_main` prints it as one red line and exits with code 2; anything else is a bug and keeps its traceback."""


class UserError(Exception):
    """Bad input, a missing file or tool; the message says what is wrong and where."""


class VerificationFailed(Exception):
    """An export that was written but failed its check (a GGUF that disagrees with the merged model): exit 1."""
