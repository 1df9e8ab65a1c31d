"""The bounds of `page` and `per_page`, and the paging envelope: one definition for every
list route.

Without an upper bound a huge page number overflows the database's 64-bit OFFSET and the
request fails with a bare 500; out of bounds it is a 422 in the error shape of app.py.
A million pages of 500 is far beyond any archive, and its offset far inside 64 bits.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query, Request, Response

MAX_PAGE = 1_000_000
MAX_PER_PAGE = 500

Page = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page number, from 1.")]
PerPage = Annotated[int, Query(ge=1, le=MAX_PER_PAGE, description="Records per page.")]


def envelope(
    request: Request, response: Response, *, total: int, page: int, per_page: int
) -> dict[str, Any]:
    """The paging fields of a list, and its `Link` header (RFC 8288): `next` and `prev`
    where there is such a page, `first` and `last` always. Each link is the request's own
    URL with another page, so that filters, sort and page size carry over."""
    last = max(1, -(-total // per_page))

    def link(number: int) -> str:
        return str(request.url.include_query_params(page=number))

    pages = {
        "next": page + 1 if page < last else None,
        "prev": min(page - 1, last) if page > 1 else None,
        "first": 1,
        "last": last,
    }
    response.headers["Link"] = ", ".join(
        f'<{link(number)}>; rel="{rel}"' for rel, number in pages.items() if number is not None
    )
    return {
        "total": total,
        "page": page,
        "per_page": per_page,
        "next": None if pages["next"] is None else link(pages["next"]),
        "prev": None if pages["prev"] is None else link(pages["prev"]),
    }
