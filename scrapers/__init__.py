"""Fetching only: which URLs, in what order, how politely. Understanding pages is
``pipeline``'s job; the item pipelines hand every fetched page over to it."""
