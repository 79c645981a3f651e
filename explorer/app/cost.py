"""What a fetch-all will cost, said before it starts, where that can be known.

A fetch-all asks its pages again from the first, one request a page, in the request's rate-limit
scope. The page already shown says how big a page is and whether there is another; a limit/offset
list (archives) also gives the total ``count``, so the pages can be counted. Cursor lists (all
the others) give no total: how many pages there are cannot be known before the last one comes.
The budget is the local count of the hour's requests in the scope (other clients of the same
workspace are invisible to it). A fetch-all that would use more than half of what is left of
the hour, or whose cost cannot be known, is asked about first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from explorer.app.session import Session, scope_for_path
from explorer.core.client import ApiResponse
from explorer.core.errors import ExplorerError
from explorer.core.pagination import read_page
from explorer.core.request import ApiRequest


@dataclass(frozen=True)
class FetchCost:
    """The requests a fetch-all of one request would make, against the hour's budget."""

    scope: str
    remaining: int  # requests left this hour in ``scope``, by the local count
    limit: int  # requests an hour
    reserve: int  # requests fetch-all leaves to the person's own
    page_size: int  # items on the page shown
    pages: int | None  # requests it will make; None: not known before the last page comes
    items: int | None = None  # the listing's total, when the server says

    @property
    def ask_first(self) -> bool:
        """Whether to ask before starting: a cost not known, or over half of what is left."""
        return self.pages is None or self.pages > self.remaining / 2

    def sentences(self, scope_label: str) -> list[str]:
        """What the cost is, in plain sentences (``scope_label``: the scope as people say it)."""
        budget = (
            f"{self.remaining:,} of the {self.limit:,} {scope_label} requests an hour are left "
            f"(by this app's count; fetch-all keeps {self.reserve:,} of them for you)."
        )
        if self.pages is None:
            return [
                "How many pages there are cannot be known before the last one comes: this list "
                f"gives no total. Each page of up to {self.page_size:,} items is one request.",
                budget,
            ]
        total = f"{self.items:,} items in " if self.items is not None else ""
        pages = "1 page" if self.pages == 1 else f"{self.pages:,} pages"
        share = round(100 * self.pages / self.remaining) if self.remaining else 100
        return [
            f"Fetch all will get {total}{pages}: {self.pages:,} requests, "
            f"{share}% of what is left of the hour.",
            budget,
        ]


def estimate(
    session: Session, request: ApiRequest, shown: ApiResponse, reserve: int | None = None
) -> FetchCost:
    """The cost of fetching every page of ``request``, judged from ``shown``, one of its pages."""
    scope = scope_for_path(request.path, session.client.catalog)
    limiter = session.limiter
    if reserve is None:
        reserve = limiter.reserve_for(scope)
    try:
        page = read_page(1, shown)
    except ExplorerError:
        page_size, pages, items = 0, None, None
    else:
        page_size, items = len(page.results), page.count
        pages = _pages(page_size, items, has_next=page.next_url is not None)
    return FetchCost(
        scope, limiter.remaining(scope), limiter.limit_of(scope), reserve, page_size, pages, items
    )


def _pages(page_size: int, total: int | None, *, has_next: bool) -> int | None:
    if not has_next:
        return 1
    if total is None or page_size == 0:
        return None
    return max(math.ceil(total / page_size), 1)
