"""WordPress addresses readers still follow, redirected to the stories they became."""

from django.http import HttpResponsePermanentRedirect

from articles.models import Article

from .wordpress import normalized_path


class OldAddressMiddleware:
    """Answers a WordPress address with a permanent redirect to its story, while it is live.

    A plain link (/?p=123) is looked at before the view, since the home page would answer it;
    a permalink (/2018/05/24/slug/) only once the site has answered 404. A story that is not
    live leaves the 404 as it was: an old address never tells that an unpublished story exists.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD"):
            post_id = request.GET.get("p", "")
            if post_id.isascii() and post_id.isdigit():
                found = self.redirect(normalized_path(request.path, post_id))
                if found:
                    return found
        response = self.get_response(request)
        if response.status_code == 404 and request.method in ("GET", "HEAD"):
            return self.redirect(normalized_path(request.path)) or response
        return response

    def redirect(self, path):
        if "\x00" in path:
            # No stored address holds one, and PostgreSQL refuses it in a query.
            return None
        story = Article.objects.live().filter(path_redirects__old_path=path).only("slug").first()
        return HttpResponsePermanentRedirect(story.get_absolute_url()) if story else None
