"""The read API, `/api/v1/`: stories, films, release dates and their subjects as data.

Built on django-ninja (OpenAPI 3.1). Every story it shows comes from Article.objects.live(),
as on the pages; staff preview tokens (api.models.ApiToken) may also read the unpublished
stories their owner could preview.
"""
