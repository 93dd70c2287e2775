"""What readers asked the public search, counted per day (``search.demand``)."""

from django.db import models


class SearchDemand(models.Model):
    """How many times one normalised query was asked on one day, and what it found.

    Nothing here can tell readers apart: no address, user agent, cookie, user,
    referrer or time of day is kept, only the query as ``demand.normalise``
    folds it, the day in the site's time zone, and the answer's outcome.
    """

    SEARCH = "search"
    AUTOCOMPLETE = "autocomplete"
    KIND_CHOICES = [(SEARCH, "Search"), (AUTOCOMPLETE, "Suggestions while typing")]

    FOUND = "found"
    TYPO = "typo"
    NOTHING = "none"
    OUTCOME_CHOICES = [
        (FOUND, "Found terms"),
        (TYPO, "Found only close spellings"),
        (NOTHING, "Found nothing"),
    ]

    day = models.DateField()
    kind = models.CharField(max_length=12, choices=KIND_CHOICES)
    query = models.CharField(max_length=100)
    outcome = models.CharField(max_length=5, choices=OUTCOME_CHOICES)
    # The term a typo-only answer put first, as its id: this app sits below
    # the glossary and cannot point at its pages. Re-read by the report, which
    # shows the term only while it is published.
    best_term_id = models.BigIntegerField(null=True, blank=True)
    times = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "search demand"
        verbose_name_plural = "search demand"
        constraints = [
            models.UniqueConstraint(
                fields=["day", "kind", "query", "outcome"],
                name="search_demand_one_row_per_day",
            )
        ]
        indexes = [
            models.Index(fields=["kind", "day", "outcome"], name="search_demand_misses")
        ]

    def __str__(self):
        return f"{self.day} {self.kind} “{self.query}”: {self.times} ({self.outcome})"
