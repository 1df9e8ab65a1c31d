"""The bounds of `page` and `per_page`: one definition for every list route.

Without an upper bound a huge page number overflows the database's 64-bit OFFSET and the
request fails with a bare 500; out of bounds it is a 422 in the error shape of app.py.
A million pages of 500 is far beyond any archive, and its offset far inside 64 bits.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

MAX_PAGE = 1_000_000
MAX_PER_PAGE = 500

Page = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page number, from 1.")]
PerPage = Annotated[int, Query(ge=1, le=MAX_PER_PAGE, description="Records per page.")]
