"""A progress bar for the import and export commands, on a terminal only."""


class Progress:
    """Call with (done, total); draws a bar when the output is a terminal."""

    WIDTH = 30

    def __init__(self, stream, label):
        self.stream = stream
        self.label = label
        self.shown = getattr(stream, "isatty", lambda: False)()

    def __call__(self, done, total):
        if not self.shown or not total:
            return
        filled = self.WIDTH * done // total
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        self.stream.write(f"\r{self.label} [{bar}] {done}/{total}", ending="")
        self.stream.flush()
        if done >= total:
            self.stream.write("")
